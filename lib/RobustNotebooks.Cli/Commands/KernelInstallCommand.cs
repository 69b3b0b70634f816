using System.CommandLine;
using RobustNotebooks.Kernel;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb kernel install [--user | --prefix DIR] [--dotnet-interactive]</c>: writes the Jupyter
/// kernelspec, which starts this build of robustnb with absolute paths; with --dotnet-interactive also installs
/// the .NET Interactive tool (pinned version) and writes its C# kernelspec, loopback-only and by absolute path.</summary>
public sealed class KernelInstallCommand : IVerb
{
    private readonly Option<bool> _user = CliOption.Flag("--user", "install for the current user (~/.local/share/jupyter/kernels)");
    private readonly Option<string?> _prefix = CliOption.Text("--prefix", "install under DIR/share/jupyter/kernels (a virtual environment, a test)", helpName: "DIR");
    private readonly Option<bool> _dotnetInteractive = CliOption.Flag("--dotnet-interactive",
        $"also install the .NET Interactive tool {DotnetInteractiveKernel.ToolVersion} and its '{DotnetInteractiveKernel.KernelSpecName}' kernelspec " +
        "(HTTP on loopback only, the tool by absolute path)");

    public string Parent => "kernel";

    public Command Create()
    {
        var command = new Command("install", "write the kernelspec (system-wide unless --user or --prefix)") { _user, _prefix, _dotnetInteractive };
        command.Validators.Add(result =>
        {
            if (result.GetValue(_user) && result.GetValue(_prefix) is not null) result.AddError("--user and --prefix exclude each other");
        });
        command.SetAction(parse =>
        {
            var kernels = parse.GetValue(_prefix) is { } prefix ? KernelSpecInstaller.PrefixKernelsDir(prefix)
                : parse.GetValue(_user) ? KernelSpecInstaller.UserKernelsDir
                : KernelSpecInstaller.SystemKernelsDir;
            var dotnet = KernelSpecInstaller.CurrentDotnet();
            var dir = KernelSpecInstaller.Install(kernels, dotnet, typeof(KernelInstallCommand).Assembly.Location);
            Console.WriteLine($"installed kernelspec '{KernelInfo.KernelSpecName}' ({KernelInfo.DisplayName}) in {dir}");
            if (parse.GetValue(_dotnetInteractive))
            {
                // A system-wide kernelspec needs a tool every user can run; a user's own goes to ~/.dotnet/tools.
                var tool = DotnetInteractiveKernel.InstallTool(dotnet, user: parse.GetValue(_user) || parse.GetValue(_prefix) is not null, Console.Out);
                var spec = DotnetInteractiveKernel.Install(kernels, tool, dotnet);
                Console.WriteLine($"installed kernelspec '{DotnetInteractiveKernel.KernelSpecName}' ({DotnetInteractiveKernel.DisplayName}, {tool}) in {spec}");
            }
            return 0;
        });
        return command;
    }
}
