using System.Diagnostics;
using System.Text.Json;

namespace RobustNotebooks.Cli.Commands;

/// <summary>Runs a script of scripts/bench under Debian's /usr/bin/python3 (the pyenv python3 on PATH does
/// not see python3-torch) and returns the JSON object on its last line of output.</summary>
public static class PyTorchScript
{
    public const string Python = "/usr/bin/python3";

    /// <summary>What a failed PyTorch side most likely lacks.</summary>
    internal const string InstallHint = "The PyTorch side needs Debian's python3-torch (apt-get install python3-torch).";

    public static JsonElement Run(string script, IEnumerable<string> arguments)
    {
        var path = Find(script);
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} {path} failed (exit {process.ExitCode}): {stderr.Result.Trim()}. " +
                InstallHint);
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    /// <summary>scripts/bench/<paramref name="script"/> of the checkout this binary was built from.</summary>
    internal static string Find(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "bench", script);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"scripts/bench/{script} was not found above {AppContext.BaseDirectory}; run the benchmark from a RobustNotebooks checkout.");
    }
}
