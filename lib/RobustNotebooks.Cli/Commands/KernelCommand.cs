using RobustNotebooks.Kernel;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb kernel install [--user] [--prefix DIR]</c> writes the Jupyter kernelspec;
/// <c>robustnb kernel run CONNECTION_FILE</c> is what Jupyter starts through that kernelspec.</summary>
public sealed class KernelCommand : ICommand
{
    public string Name => "kernel";

    public string Summary => "the C# Jupyter kernel: 'install [--user] [--prefix DIR]' or 'run CONNECTION_FILE'";

    public int Run(string[] args)
    {
        if (args.Length == 0) throw new UsageException("expected 'install' or 'run CONNECTION_FILE'");
        var line = new CommandLine(args[1..], ["prefix"], ["user"]);
        switch (args[0])
        {
            case "install":
            {
                if (line.Positional.Count > 0) throw new UsageException($"unexpected argument '{line.Positional[0]}'");
                if (line.Flag("user") && line.Get("prefix") is not null) throw new UsageException("--user and --prefix exclude each other");
                var kernels = line.Get("prefix") is { } prefix ? KernelSpecInstaller.PrefixKernelsDir(prefix)
                    : line.Flag("user") ? KernelSpecInstaller.UserKernelsDir
                    : KernelSpecInstaller.SystemKernelsDir;
                var dir = KernelSpecInstaller.Install(kernels, KernelSpecInstaller.CurrentDotnet(), typeof(KernelCommand).Assembly.Location);
                Console.WriteLine($"installed kernelspec '{KernelInfo.KernelSpecName}' ({KernelInfo.DisplayName}) in {dir}");
                return 0;
            }
            case "run":
            {
                if (line.Positional.Count != 1) throw new UsageException("usage: robustnb kernel run CONNECTION_FILE");
                if (!File.Exists(line.Positional[0])) throw new UsageException($"connection file not found: {line.Positional[0]}");
                return KernelHost.Run(line.Positional[0]);
            }
            default:
                throw new UsageException($"unknown kernel action '{args[0]}'; expected 'install' or 'run'");
        }
    }
}
