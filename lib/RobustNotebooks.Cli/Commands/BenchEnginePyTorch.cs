using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RobustNotebooks.Cli.Commands;

/// <summary>PyTorch eager's numbers for the same workloads, from scripts/bench/engine.py run by Debian's
/// /usr/bin/python3 (the pyenv python3 on PATH does not see python3-torch).</summary>
public sealed record BenchEnginePyTorch(string Version, int Threads, double Checksum, double TrainImagesPerSecond,
    double PgdImagesPerSecond, double OpNanoseconds)
{
    public const string Python = "/usr/bin/python3";

    public static BenchEnginePyTorch Run(BenchEngineSettings s, string dataDirectory)
    {
        var script = FindScript();
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            script, "--threads", I(s.Threads), "--seed", I(s.Seed), "--warmup", I(s.Warmup), "--train-steps", I(s.TrainSteps),
            "--train-repeats", I(s.TrainRepeats), "--pgd-images", I(s.PgdImages), "--pgd-batch", I(s.PgdBatch),
            "--pgd-repeats", I(s.PgdRepeats), "--data", dataDirectory, "--op-calls", I(s.OpCalls), "--op-repeats", I(s.OpRepeats),
        }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} {script} failed (exit {process.ExitCode}): {stderr.Result.Trim()}. " +
                "The PyTorch side needs Debian's python3-torch (apt-get install python3-torch).");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        return new(r.GetProperty("torch_version").GetString()!, r.GetProperty("threads").GetInt32(), r.GetProperty("checksum").GetDouble(),
            r.GetProperty("train_images_per_s").GetDouble(), r.GetProperty("pgd_images_per_s").GetDouble(), r.GetProperty("op_ns").GetDouble());
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>scripts/bench/engine.py of the checkout this binary was built from.</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "bench", "engine.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("scripts/bench/engine.py was not found above " + AppContext.BaseDirectory +
            "; run the benchmark from a RobustNotebooks checkout (./robustnb bench engine).");
    }

    /// <summary>The better of two runs per workload (higher throughput, lower per-call time).</summary>
    public static BenchEnginePyTorch Best(BenchEnginePyTorch? a, BenchEnginePyTorch b) => a is null ? b : b with
    {
        TrainImagesPerSecond = Math.Max(a.TrainImagesPerSecond, b.TrainImagesPerSecond),
        PgdImagesPerSecond = Math.Max(a.PgdImagesPerSecond, b.PgdImagesPerSecond),
        OpNanoseconds = Math.Min(a.OpNanoseconds, b.OpNanoseconds),
    };
}
