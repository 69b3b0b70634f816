using System.Reflection;

namespace RobustNotebooks;

/// <summary>The cancellation that long library work honours besides the token it is given: a host
/// supplies one for the work it runs. The notebook kernel connects each cell's interrupt here, so
/// <c>trainer.Run()</c> in a cell stops at its next batch when the cell is interrupted, although the
/// call passed no token. Inside .NET Interactive, which connects nothing, the token is the running
/// cell's (<c>KernelInvocationContext.Current.CancellationToken</c>), so a lesson that passes
/// <see cref="Token"/> to a long call stops on either kernel's interrupt.</summary>
public static class AmbientCancellation
{
    private static volatile Func<CancellationToken>? _source;

    /// <summary>Sets where the ambient token comes from (the kernel: the running cell's token); null
    /// for none.</summary>
    public static void SetSource(Func<CancellationToken>? source) => _source = source;

    /// <summary>The host's token for the work on this thread, or none.</summary>
    public static CancellationToken Token => _source?.Invoke() ?? DotnetInteractive.CellToken();

    /// <summary>Throws OperationCanceledException when either the given token or the ambient one is cancelled.</summary>
    public static void ThrowIfCancellationRequested(CancellationToken given = default)
    {
        given.ThrowIfCancellationRequested();
        Token.ThrowIfCancellationRequested();
    }

    // Read by reflection: the library must not depend on .NET Interactive, and in that kernel's process
    // its assembly is loaded before any cell runs. Looked up again while absent (a cheap scan), kept once found.
    private static class DotnetInteractive
    {
        private const string AssemblyName = "Microsoft.DotNet.Interactive";
        private const string ContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext";
        private static (PropertyInfo Current, PropertyInfo Token)? _properties;

        public static CancellationToken CellToken()
        {
            var properties = _properties ??= Find();
            if (properties is not var (current, token)) return CancellationToken.None;
            return current.GetValue(null) is { } context && token.GetValue(context) is CancellationToken cell ? cell : CancellationToken.None;
        }

        private static (PropertyInfo, PropertyInfo)? Find()
        {
            var type = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => a.GetName().Name == AssemblyName)?.GetType(ContextType);
            var current = type?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
            var token = type?.GetProperty("CancellationToken", BindingFlags.Public | BindingFlags.Instance);
            return current is not null && token?.PropertyType == typeof(CancellationToken) ? (current, token) : null;
        }
    }
}
