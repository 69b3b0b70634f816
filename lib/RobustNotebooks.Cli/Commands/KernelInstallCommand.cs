using System.CommandLine;
using RobustNotebooks.Kernel;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb kernel install [--user | --prefix DIR]</c>: writes the Jupyter kernelspec, which
/// starts this build of robustnb with absolute paths.</summary>
public sealed class KernelInstallCommand : IVerb
{
    private readonly Option<bool> _user = CliOption.Flag("--user", "install for the current user (~/.local/share/jupyter/kernels)");
    private readonly Option<string?> _prefix = CliOption.Text("--prefix", "install under DIR/share/jupyter/kernels (a virtual environment, a test)", helpName: "DIR");

    public string Parent => "kernel";

    public Command Create()
    {
        var command = new Command("install", "write the kernelspec (system-wide unless --user or --prefix)") { _user, _prefix };
        command.Validators.Add(result =>
        {
            if (result.GetValue(_user) && result.GetValue(_prefix) is not null) result.AddError("--user and --prefix exclude each other");
        });
        command.SetAction(parse =>
        {
            var kernels = parse.GetValue(_prefix) is { } prefix ? KernelSpecInstaller.PrefixKernelsDir(prefix)
                : parse.GetValue(_user) ? KernelSpecInstaller.UserKernelsDir
                : KernelSpecInstaller.SystemKernelsDir;
            var dir = KernelSpecInstaller.Install(kernels, KernelSpecInstaller.CurrentDotnet(), typeof(KernelInstallCommand).Assembly.Location);
            Console.WriteLine($"installed kernelspec '{KernelInfo.KernelSpecName}' ({KernelInfo.DisplayName}) in {dir}");
            return 0;
        });
        return command;
    }
}
