using System.Reflection;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Connects the RobustNotebooks library to the kernel whenever a cell loads it (<c>#r</c>), found
/// by name so the kernel needs no reference to it, through delegates of the base library only: its long
/// calls check the running cell's token (AmbientCancellation), and report progress as one display per
/// task that updates in place (AmbientProgress.ShowInPlace over <c>display(x).Update</c>).</summary>
internal static class LibraryConnection
{
    public static void Connect(ICellOutput output)
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Connect(e.LoadedAssembly, output);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Connect(assembly, output);
    }

    private static void Connect(Assembly assembly, ICellOutput output)
    {
        if (assembly.GetName().Name != "RobustNotebooks") return;
        assembly.GetType("RobustNotebooks.AmbientCancellation")?.GetMethod("SetSource", [typeof(Func<CancellationToken>)])
            ?.Invoke(null, [new Func<CancellationToken>(() => CellInterruption.Token)]);
        assembly.GetType("RobustNotebooks.AmbientProgress")?.GetMethod("ShowInPlace", [typeof(Func<object, Action<object>>)])
            ?.Invoke(null, [new Func<object, Action<object>>(value => DisplayedValue.Show(output, value).Update)]);
    }
}
