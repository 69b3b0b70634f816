using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace RobustNotebooks.Display;

/// <summary>In-place displays in the .NET Interactive kernel, which the library reaches by name (it references
/// only the formatter registry, not the kernel). The tool's own <c>display(x)</c> returns an updatable
/// <see cref="DisplayedValue"/>, but its Jupyter kernel (dotnet-interactive 1.0.712001) sends the first
/// display_data without that value's display id, so the update_display_data messages of <c>Update</c> name an
/// id no front end has seen and the display never changes. <see cref="Show"/> publishes the first display
/// with the value's own id; its updates then replace it in place. When the library is loaded inside .NET
/// Interactive, progress goes there by itself (<see cref="ConnectProgress"/>), as our kernel connects it.</summary>
public static class InteractiveDisplay
{
    private const string Kernel = "Microsoft.DotNet.Interactive";

    /// <summary>True when this process is a .NET Interactive kernel.</summary>
    public static bool IsHost => KernelAssembly() is not null;

    /// <summary>Shows <paramref name="value"/> in the running cell with every formatter its type declares and
    /// returns the action that replaces it in place.</summary>
    public static Action<object> Show(object value)
    {
        var kernel = KernelAssembly() ?? throw new InvalidOperationException("not running in the .NET Interactive kernel");
        var contextType = kernel.GetType($"{Kernel}.KernelInvocationContext", throwOnError: true)!;
        var context = contextType.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)
            ?? throw new InvalidOperationException("no .NET Interactive cell is running on this thread");
        var command = contextType.GetProperty("Command")!.GetValue(context);
        var formatted = FormattedValue.CreateManyFromObject(value);
        var shown = new DisplayedValue(value, formatted);
        var produced = Activator.CreateInstance(kernel.GetType($"{Kernel}.Events.DisplayedValueProduced", throwOnError: true)!,
            value, command, formatted, shown.DisplayId)!;
        var publish = contextType.GetMethods().Single(m => m.Name == "Publish" && m.GetParameters().Length == 1);
        publish.Invoke(context, [produced]);
        return shown.Update;
    }

    /// <summary>Inside .NET Interactive, and unless a host already chose, long calls report progress as one
    /// display per task that updates in place (<see cref="AmbientProgress.ShowInPlace"/> over <see cref="Show"/>).</summary>
    public static void ConnectProgress()
    {
        if (IsHost && AmbientProgress.Host is null) AmbientProgress.ShowInPlace(Show);
    }

    // Only an assembly already loaded: looking it up by name must not load it into a process that lacks it.
    private static Assembly? KernelAssembly() =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == Kernel);
}
