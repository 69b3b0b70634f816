using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel;

/// <summary>
/// The .NET Interactive Jupyter kernel (the <c>Microsoft.dotnet-interactive</c> tool), which the notebooks
/// also run on. Its own <c>dotnet interactive jupyter install</c> writes a kernelspec that starts an HTTP
/// server on every network interface and finds the tool through PATH; the kernelspec written here passes
/// <c>--http-local-only</c> (loopback only) and names the tool and the .NET runtime by absolute path.
/// </summary>
public static class DotnetInteractiveKernel
{
    public const string KernelSpecName = ".net-csharp";
    public const string DisplayName = ".NET (C#)";
    public const string ToolPackage = "Microsoft.dotnet-interactive";
    public const string ToolVersion = "1.0.712001";
    public const string ToolCommand = "dotnet-interactive";

    /// <summary>Environment variable naming the tool's executable, when it is not where <see cref="FindTool"/> looks.</summary>
    public const string ToolVariable = "ROBUSTNB_DOTNET_INTERACTIVE";

    /// <summary>Where a system-wide install puts the tool (a user's own tools live in ~/.dotnet/tools).</summary>
    public const string SystemToolDir = "/usr/local/lib/dotnet-interactive";

    public static string UserToolDir =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");

    /// <summary>kernel.json content. <paramref name="dotnetRoot"/> is the folder of the dotnet host: the tool's
    /// launcher needs it when .NET is not installed where the launcher looks by default.</summary>
    public static JsonObject Spec(string toolPath, string dotnetRoot) => new()
    {
        ["argv"] = new JsonArray(Path.GetFullPath(toolPath), "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["env"] = new JsonObject { ["DOTNET_ROOT"] = Path.GetFullPath(dotnetRoot) },
        // What the tool's own kernelspec says, so VS Code offers its Polyglot Notebooks integration for it.
        ["metadata"] = new JsonObject
        {
            ["vscode"] = new JsonObject { ["extension_id"] = "ms-dotnettools.dotnet-interactive-vscode", ["kernel_id"] = "dotnet-interactive" },
        },
    };

    /// <summary>Installs the kernelspec into <paramref name="kernelsDir"/> and returns its directory.</summary>
    public static string Install(string kernelsDir, string toolPath, string dotnetPath)
    {
        if (!File.Exists(toolPath)) throw new FileNotFoundException($"the {ToolCommand} tool was not found at {toolPath}", toolPath);
        var dir = Path.Combine(kernelsDir, KernelSpecName);
        Directory.CreateDirectory(dir);
        var json = Spec(toolPath, Path.GetDirectoryName(Path.GetFullPath(dotnetPath))!).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(dir, "kernel.json"), json + "\n");
        return dir;
    }

    /// <summary>The tool's executable: <see cref="ToolVariable"/>, else ~/.dotnet/tools, else <see cref="SystemToolDir"/>,
    /// else PATH; null when none exists.</summary>
    public static string? FindTool()
    {
        if (Environment.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } configured)
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var candidates = new[] { UserToolDir, SystemToolDir }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.Select(dir => Path.Combine(dir, ToolCommand)).FirstOrDefault(File.Exists) is { } found ? Path.GetFullPath(found) : null;
    }

    /// <summary><see cref="FindTool"/>, or an exception saying how to install the tool.</summary>
    public static string LocateTool() => FindTool() ?? throw new FileNotFoundException(
        $"the .NET Interactive tool ({ToolCommand}) was not found in {UserToolDir}, {SystemToolDir} or on PATH" +
        (Environment.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } v ? $" ({ToolVariable}={v} does not exist)" : "") +
        $"; install it with `./robustnb kernel install --dotnet-interactive` or `dotnet tool install -g {ToolPackage} --version {ToolVersion}`.");

    /// <summary>Installs (or moves to) the pinned tool version: with <paramref name="user"/> into ~/.dotnet/tools
    /// (<c>dotnet tool install -g</c>), else into <see cref="SystemToolDir"/>. Returns the executable's path.</summary>
    public static string InstallTool(string dotnetPath, bool user, TextWriter log)
    {
        var dir = user ? UserToolDir : SystemToolDir;
        var tool = Path.Combine(dir, ToolCommand);
        var location = user ? new[] { "-g" } : ["--tool-path", dir];
        if (File.Exists(tool) && InstalledVersion(dotnetPath, location) == ToolVersion) return tool;
        // "update" installs when missing and moves to the pinned version when another one is there.
        log.WriteLine($"installing {ToolPackage} {ToolVersion} into {dir}");
        var (exit, output) = RunDotnet(dotnetPath, ["tool", "update", .. location, ToolPackage, "--version", ToolVersion]);
        if (exit != 0 || !File.Exists(tool))
            throw new InvalidOperationException($"`dotnet tool update {string.Join(' ', location)} {ToolPackage} --version {ToolVersion}` failed (exit {exit}):\n{output.Trim()}");
        return tool;
    }

    private static string? InstalledVersion(string dotnetPath, string[] location)
    {
        var (exit, output) = RunDotnet(dotnetPath, ["tool", "list", .. location]);
        if (exit != 0) return null;
        // Rows read "<package id>  <version>  <commands>".
        return output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(cells => cells.Length >= 2 && cells[0].Equals(ToolPackage, StringComparison.OrdinalIgnoreCase))?[1];
    }

    private static (int Exit, string Output) RunDotnet(string dotnetPath, string[] args)
    {
        var start = new ProcessStartInfo(dotnetPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {dotnetPath}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
