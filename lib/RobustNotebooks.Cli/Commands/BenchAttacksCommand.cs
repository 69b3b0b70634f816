using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RobustNotebooks.Attacks;
using RobustNotebooks.Data;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb bench attacks</c>: PGD-10 (no random start) and APGD-CE (100 iterations) on the same
/// LeNet++ and the same Fashion-MNIST test images, ours against a plain PyTorch eager implementation of the
/// same algorithms (scripts/bench/attacks.py) on the same libtorch and threads. Rounds alternate which side
/// goes first; each side keeps its best round. Timings are reported, never asserted.</summary>
public sealed class BenchAttacksCommand : IVerb
{
    private readonly Option<bool> _json = CliOption.Flag("--json", "also print the results as one JSON line");
    private readonly Option<string?> _model = CliOption.Text("--model", "a trained LeNet++ run directory [default: train one for 1 epoch on 2,000 images first]", helpName: "RUN_DIR");
    private readonly Option<int> _images = CliOption.Int("--images", "test images attacked", 1000, min: 1);
    private readonly Option<int> _batch = CliOption.Int("--batch", "images per attack call on both sides", 250, min: 1);
    private readonly Option<int> _pgdSteps = CliOption.Int("--pgd-steps", "PGD iterations", 10, min: 1);
    private readonly Option<int> _apgdIterations = CliOption.Int("--apgd-iterations", "APGD-CE iterations", 100, min: 1);
    private readonly Option<double> _eps = CliOption.Double("--eps", "L∞ budget", 0.1, above: 0, max: 1);
    private readonly Option<int> _threads = CliOption.Int("--threads", "intra-op threads on both sides", Environment.ProcessorCount, min: 1);
    private readonly Option<int> _rounds = CliOption.Int("--rounds", "rounds, alternating which side runs first; each side keeps its best", 2, min: 1);

    public string Parent => "bench";

    public Command Create()
    {
        var command = new Command("attacks", "compare our PGD and APGD-CE with PyTorch eager implementations: time and robust accuracy")
        {
            _json, _model, _images, _batch, _pgdSteps, _apgdIterations, _eps, _threads, _rounds,
        };
        command.SetAction(parse => Interruption.Run(cancel => Run(parse, cancel)));
        return command;
    }

    private sealed record Side(double PgdSeconds, int PgdRobust, double ApgdSeconds, int ApgdRobust);

    private int Run(ParseResult parse, CancellationToken cancel)
    {
        var threads = parse.GetValue(_threads);
        var (count, batch, eps) = (parse.GetValue(_images), parse.GetValue(_batch), parse.GetValue(_eps));
        var (pgdSteps, apgdIterations, rounds) = (parse.GetValue(_pgdSteps), parse.GetValue(_apgdIterations), parse.GetValue(_rounds));
        torch.set_num_threads(threads);
        var work = Directory.CreateTempSubdirectory("robustnb-bench-attacks-");
        try
        {
            var runDir = parse.GetValue(_model) ?? TrainQuickModel(Path.Combine(work.FullName, "lenetpp"), cancel);
            var test = BenchEngineWorkloads.FashionMnist(DataSplit.Test, count)
                ?? throw new InvalidOperationException("bench attacks needs Fashion-MNIST (robustnb data prepare fashion-mnist)");
            var (x, y) = test;
            using var _x = x;
            using var _y = y;
            using var model = RunModel.Load(runDir, 10, 1, 28);
            if (model.Config.Model is not ("lenetpp" or "lenetpp2d"))
                throw new InvalidOperationException($"--model {runDir} is a {model.Config.Model}; the PyTorch side rebuilds LeNet++ only");
            BenchEngineWorkloads.Save(x, y, work.FullName, "test");
            var checksum = BenchEngineWorkloads.Checksum(x, y);
            var pgd = new Pgd { RandomStart = false, Steps = pgdSteps };
            var apgd = new Apgd { Iterations = apgdIterations };
            var stats = ChannelStatistics.FashionMnist;
            string[] pythonArgs =
            [
                "--threads", I(threads), "--model", Path.Combine(runDir, RunCheckpoint.ModelFile),
                "--mean", .. stats.Mean.Select(m => m.ToString("R", CultureInfo.InvariantCulture)),
                "--std", .. stats.Std.Select(m => m.ToString("R", CultureInfo.InvariantCulture)),
                "--data", work.FullName, "--shape", "1", "28", "28", "--eps", eps.ToString("R", CultureInfo.InvariantCulture),
                "--pgd-steps", I(pgdSteps), "--pgd-step-size", pgd.StepLength(eps).ToString("R", CultureInfo.InvariantCulture),
                "--apgd-iterations", I(apgdIterations), "--batch", I(batch),
            ];
            Console.Error.WriteLine($"bench attacks: {count} Fashion-MNIST test images, ε {eps}, batches of {batch}, {threads} threads, libtorch {torch.__version__}, model {runDir}, {rounds} round(s) alternating which side goes first, best of each side");
            Side? ours = null, theirs = null;
            string version = "";
            double theirChecksum = double.NaN;
            for (int round = 0; round < rounds; round++)
            {
                if (round % 2 == 1) (theirs, version, theirChecksum) = BestOf(theirs, RunPyTorch(pythonArgs));
                ours = Best(ours, RunOurs(model.Model, x, y, eps, batch, pgd, apgd, cancel));
                if (round % 2 == 0) (theirs, version, theirChecksum) = BestOf(theirs, RunPyTorch(pythonArgs));
            }
            var sameData = Math.Abs(theirChecksum - checksum) <= 1e-6 * Math.Abs(checksum);
            var pgdSpeedup = theirs!.PgdSeconds / ours!.PgdSeconds;
            var apgdSpeedup = theirs.ApgdSeconds / ours.ApgdSeconds;
            var agreement = 100.0 * Math.Abs(ours.PgdRobust - theirs.PgdRobust) / count;
            Console.WriteLine($"{"attack",-28} {"ours s",10} {"PyTorch s",10} {"speedup",8} {"ours acc",9} {"PyTorch acc",12}");
            Console.WriteLine($"{$"PGD-{pgdSteps} (no random start)",-28} {F(ours.PgdSeconds),10} {F(theirs.PgdSeconds),10} {F(pgdSpeedup),8} {Pct(ours.PgdRobust, count),9} {Pct(theirs.PgdRobust, count),12}");
            Console.WriteLine($"{$"APGD-CE ({apgdIterations} iterations)",-28} {F(ours.ApgdSeconds),10} {F(theirs.ApgdSeconds),10} {F(apgdSpeedup),8} {Pct(ours.ApgdRobust, count),9} {Pct(theirs.ApgdRobust, count),12}");
            Console.WriteLine($"PGD agreement: {agreement.ToString("0.00", CultureInfo.InvariantCulture)} points; data identical on both sides: {(sameData ? "yes" : "NO")}; PyTorch {version}");
            if (parse.GetValue(_json))
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["pgd_speedup"] = pgdSpeedup,
                    ["apgd_speedup"] = apgdSpeedup,
                    ["pgd_agreement_pts"] = agreement,
                    ["pgd_seconds"] = new { ours = ours.PgdSeconds, pytorch = theirs.PgdSeconds },
                    ["apgd_seconds"] = new { ours = ours.ApgdSeconds, pytorch = theirs.ApgdSeconds },
                    ["pgd_robust_accuracy"] = new { ours = (double)ours.PgdRobust / count, pytorch = (double)theirs.PgdRobust / count },
                    ["apgd_robust_accuracy"] = new { ours = (double)ours.ApgdRobust / count, pytorch = (double)theirs.ApgdRobust / count },
                    ["images"] = count, ["batch"] = batch, ["eps"] = eps, ["pgd_steps"] = pgdSteps, ["apgd_iterations"] = apgdIterations,
                    ["threads"] = threads, ["rounds"] = rounds, ["same_data"] = sameData, ["model_sha256"] = model.Sha256,
                    ["libtorch"] = torch.__version__,
                }));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Side RunOurs(FeatureClassifier model, Tensor x, Tensor y, double eps, int batch, Attack pgd, Attack apgd, CancellationToken cancel)
    {
        var (pgdSeconds, pgdRobust) = Time(model, x, y, eps, batch, pgd, cancel);
        var (apgdSeconds, apgdRobust) = Time(model, x, y, eps, batch, apgd, cancel);
        return new(pgdSeconds, pgdRobust, apgdSeconds, apgdRobust);
    }

    // One warm-up call (first-use allocations, oneDNN kernel selection), then the timed pass over every batch.
    private static (double Seconds, int Robust) Time(FeatureClassifier model, Tensor x, Tensor y, double eps, int batch, Attack attack, CancellationToken cancel)
    {
        using (var warm = NewDisposeScope())
        using (attack.Run(model, x.narrow(0, 0, Math.Min(batch, x.size(0))), y.narrow(0, 0, Math.Min(batch, y.size(0))), eps, cancel)) { }
        var clock = Stopwatch.StartNew();
        long robust = 0;
        for (long start = 0; start < x.size(0); start += batch)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batch, x.size(0) - start);
            using var result = attack.Run(model, x.narrow(0, start, length), y.narrow(0, start, length), eps, cancel);
            robust += length - result.Success.sum().ToInt64();
        }
        return (clock.Elapsed.TotalSeconds, (int)robust);
    }

    private static (Side Side, string Version, double Checksum) RunPyTorch(string[] args)
    {
        var r = PyTorchScript.Run("attacks.py", args);
        return (new Side(r.GetProperty("pgd_seconds").GetDouble(), r.GetProperty("pgd_robust").GetInt32(),
            r.GetProperty("apgd_seconds").GetDouble(), r.GetProperty("apgd_robust").GetInt32()),
            r.GetProperty("torch_version").GetString()!, r.GetProperty("checksum").GetDouble());
    }

    private static (Side, string, double) BestOf(Side? best, (Side Side, string Version, double Checksum) run) => (Best(best, run.Side), run.Version, run.Checksum);

    // Robust counts come from the same deterministic run every round; only the times are minimised.
    private static Side Best(Side? a, Side b) => a is null ? b : b with { PgdSeconds = Math.Min(a.PgdSeconds, b.PgdSeconds), ApgdSeconds = Math.Min(a.ApgdSeconds, b.ApgdSeconds) };

    private static string TrainQuickModel(string dir, CancellationToken cancel)
    {
        Console.Error.WriteLine($"bench attacks: no --model given; training a LeNet++ for 1 epoch on 2,000 Fashion-MNIST images into {dir}");
        using var trainer = new Trainer(new TrainConfig { Dataset = "fmnist", Model = "lenetpp", Epochs = 1, Limit = 2000, Seed = 1 }, dir, log: Console.Error);
        trainer.Run(cancel);
        return dir;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Pct(int robust, int n) => (100.0 * robust / n).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
