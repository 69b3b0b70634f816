using System.Globalization;

namespace RobustNotebooks.Cli.Commands;

/// <summary>PyTorch eager's numbers for the same workloads, from scripts/bench/engine.py run by Debian's
/// /usr/bin/python3 (the pyenv python3 on PATH does not see python3-torch).</summary>
public sealed record BenchEnginePyTorch(string Version, int Threads, double Checksum, double TrainImagesPerSecond,
    double PgdImagesPerSecond, double OpNanoseconds, double OpMixNanoseconds)
{
    public static BenchEnginePyTorch Run(BenchEngineSettings s, string dataDirectory)
    {
        var r = PyTorchScript.Run("engine.py",
        [
            "--threads", I(s.Threads), "--seed", I(s.Seed), "--warmup", I(s.Warmup), "--train-steps", I(s.TrainSteps),
            "--train-repeats", I(s.TrainRepeats), "--pgd-images", I(s.PgdImages), "--pgd-batch", I(s.PgdBatch),
            "--pgd-repeats", I(s.PgdRepeats), "--data", dataDirectory, "--op-calls", I(s.OpCalls), "--op-repeats", I(s.OpRepeats),
        ]);
        return new(r.GetProperty("torch_version").GetString()!, r.GetProperty("threads").GetInt32(), r.GetProperty("checksum").GetDouble(),
            r.GetProperty("train_images_per_s").GetDouble(), r.GetProperty("pgd_images_per_s").GetDouble(), r.GetProperty("op_ns").GetDouble(),
            r.GetProperty("op_mix_ns").GetDouble());
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The better of two runs per workload (higher throughput, lower per-call time).</summary>
    public static BenchEnginePyTorch Best(BenchEnginePyTorch? a, BenchEnginePyTorch b) => a is null ? b : b with
    {
        TrainImagesPerSecond = Math.Max(a.TrainImagesPerSecond, b.TrainImagesPerSecond),
        PgdImagesPerSecond = Math.Max(a.PgdImagesPerSecond, b.PgdImagesPerSecond),
        OpNanoseconds = Math.Min(a.OpNanoseconds, b.OpNanoseconds),
        OpMixNanoseconds = Math.Min(a.OpMixNanoseconds, b.OpMixNanoseconds),
    };
}
