using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel;

/// <summary>Writes the <c>robustnb-csharp</c> kernelspec that Jupyter, nbclient and VS Code use to
/// start this kernel.</summary>
public static class KernelSpecInstaller
{
    public const string SystemKernelsDir = "/usr/local/share/jupyter/kernels";

    public static string UserKernelsDir =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter", "kernels");

    public static string PrefixKernelsDir(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>kernel.json content: the kernel runs as <c>dotnet robustnb.dll kernel run {connection_file}</c>
    /// with absolute paths, so it starts whatever the working directory and PATH are.</summary>
    public static JsonObject Spec(string dotnetPath, string cliAssemblyPath) => new()
    {
        ["argv"] = new JsonArray(Path.GetFullPath(dotnetPath), Path.GetFullPath(cliAssemblyPath), "kernel", "run", "{connection_file}"),
        ["display_name"] = KernelInfo.DisplayName,
        ["language"] = KernelInfo.Language,
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Installs into <paramref name="kernelsDir"/> and returns the kernelspec directory.</summary>
    public static string Install(string kernelsDir, string dotnetPath, string cliAssemblyPath)
    {
        if (!File.Exists(cliAssemblyPath)) throw new FileNotFoundException($"kernel assembly not found: {cliAssemblyPath}");
        var dir = Path.Combine(kernelsDir, KernelInfo.KernelSpecName);
        Directory.CreateDirectory(dir);
        var json = Spec(dotnetPath, cliAssemblyPath).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(dir, "kernel.json"), json + "\n");
        return dir;
    }

    /// <summary>The dotnet host running this process; falls back to the one on PATH when the
    /// process was started through an apphost.</summary>
    public static string CurrentDotnet()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return Path.GetFullPath(new FileInfo(candidate).LinkTarget is { } target ? Path.Combine(dir, target) : candidate);
        }
        throw new FileNotFoundException("cannot find the dotnet host (set DOTNET_ROOT)");
    }
}
