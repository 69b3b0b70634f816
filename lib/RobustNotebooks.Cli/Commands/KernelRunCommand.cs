using System.CommandLine;
using RobustNotebooks.Kernel;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb kernel run CONNECTION_FILE</c>: what Jupyter starts through the kernelspec.</summary>
public sealed class KernelRunCommand : IVerb
{
    private readonly Argument<string> _connectionFile = new("CONNECTION_FILE") { Description = "the connection file Jupyter writes" };

    public string Parent => "kernel";

    public Command Create()
    {
        var command = new Command("run", "run the kernel on a Jupyter connection file") { _connectionFile };
        command.Validators.Add(result =>
        {
            if (result.GetValue(_connectionFile) is { } path && !File.Exists(path)) result.AddError($"connection file not found: {path}");
        });
        // No Interruption here: the kernel handles SIGINT itself (it interrupts the running cell).
        command.SetAction(parse => KernelHost.Run(parse.GetValue(_connectionFile)!));
        return command;
    }
}
