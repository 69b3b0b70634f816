using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;

namespace RobustNotebooks.Cli;

/// <summary><c>robustnb --version</c>: what a bug report needs: the versions of the command, the library,
/// the native shim and the libtorch it was built against, and the device a run would use.</summary>
public sealed class VersionAction : SynchronousCommandLineAction
{
    // --version answers even when the rest of the line has errors, like --help.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine($"robustnb {InformationalVersion(typeof(VersionAction).Assembly)}");
        output.WriteLine($"RobustNotebooks library {InformationalVersion(typeof(Trainer).Assembly)}");
        output.WriteLine($"native shim {torch.shim_version}, built against libtorch {torch.__version__}");
        output.WriteLine($".NET {Environment.Version}");
        var device = new TrainConfig().Device;
        output.WriteLine(torch.cuda.is_available()
            ? $"device: {device} by default; CUDA is available ({torch.cuda.device_count()} device(s)): pass --device cuda to use it"
            : $"device: {device} (CUDA is not available in this libtorch build)");
        return 0;
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
