namespace RobustNotebooks.Kernel.Notebooks;

/// <summary>The Jupyter kernels a notebook can run on: ours, or .NET Interactive's C# kernel.</summary>
public enum NotebookKernel
{
    Robustnb,
    DotnetInteractive,
}

public static class NotebookKernels
{
    /// <summary>The names the command line uses.</summary>
    public static string Name(this NotebookKernel kernel) => kernel switch
    {
        NotebookKernel.Robustnb => "robustnb",
        NotebookKernel.DotnetInteractive => "dotnet-interactive",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, null),
    };

    public static NotebookKernel Parse(string name) =>
        Enum.GetValues<NotebookKernel>().FirstOrDefault(k => k.Name() == name) is var kernel && kernel.Name() == name
            ? kernel
            : throw new ArgumentException($"unknown kernel '{name}'; expected {string.Join(" or ", Enum.GetValues<NotebookKernel>().Select(k => k.Name()))}", nameof(name));

    public static string KernelSpecName(this NotebookKernel kernel) =>
        kernel == NotebookKernel.DotnetInteractive ? DotnetInteractiveKernel.KernelSpecName : KernelInfo.KernelSpecName;
}
