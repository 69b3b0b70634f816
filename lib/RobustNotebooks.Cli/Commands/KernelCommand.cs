using System.CommandLine;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb kernel</c>: the C# Jupyter kernel, one sub-verb each.</summary>
public sealed class KernelCommand : IVerb
{
    public Command Create() => new("kernel", "the C# Jupyter kernel: install its kernelspec, or run it (what Jupyter starts)");
}
