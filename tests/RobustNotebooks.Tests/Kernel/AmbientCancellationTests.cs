using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>Inside .NET Interactive nothing connects a cell's interrupt to the library, so the ambient token
/// reads the running cell's own: <c>KernelInvocationContext.Current.CancellationToken</c>. The real assembly
/// cannot load in this process; a stand-in of the same names does, its context per async flow as the real
/// one is, so no other test sees it.</summary>
public class AmbientCancellationTests
{
    private const string StandIn = """
        namespace Microsoft.DotNet.Interactive
        {
            public sealed class KernelInvocationContext
            {
                private static readonly System.Threading.AsyncLocal<KernelInvocationContext> current = new();
                public KernelInvocationContext(System.Threading.CancellationToken token) => CancellationToken = token;
                public static KernelInvocationContext Current { get => current.Value; set => current.Value = value; }
                public System.Threading.CancellationToken CancellationToken { get; }
            }
        }
        """;

    private static readonly Lazy<Type> Context = new(() =>
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        if (loaded is null)
        {
            var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Threading.dll")
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("Microsoft.DotNet.Interactive", [CSharpSyntaxTree.ParseText(StandIn)], refs,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            loaded = Assembly.Load(image.ToArray());
        }
        return loaded.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext", throwOnError: true)!;
    });

    private static void SetCell(CancellationToken? token) =>
        Context.Value.GetProperty("Current")!.SetValue(null, token is { } t ? Activator.CreateInstance(Context.Value, t) : null);

    [Fact]
    public async Task Inside_dotnet_interactive_the_ambient_token_is_the_running_cells()
    {
        using var cell = new CancellationTokenSource();
        await Task.Run(() =>
        {
            SetCell(cell.Token);
            Assert.True(AmbientCancellation.Token.CanBeCanceled);
            AmbientCancellation.ThrowIfCancellationRequested();
            cell.Cancel();
            Assert.True(AmbientCancellation.Token.IsCancellationRequested);
            Assert.ThrowsAny<OperationCanceledException>(() => AmbientCancellation.ThrowIfCancellationRequested());

            // Between cells there is no context, and the token is none.
            SetCell(null);
            Assert.False(AmbientCancellation.Token.CanBeCanceled);
        });
        // The context flowed into that task only.
        Assert.False(AmbientCancellation.Token.CanBeCanceled);
    }
}
