using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb bench defenses</c>: a slice of an adversarial-training epoch (LeNet++ on
/// Fashion-MNIST, ε 0.1) with PGD-7 and with FGSM-RS, our trainer's attack and step against the same
/// step in plain PyTorch eager (scripts/bench/defenses.py) on the same libtorch and threads, in
/// alternating order, each side keeping its best round. advtrain_speedup is the geometric mean of the
/// two ratios ours/PyTorch. Timings are reported, never asserted.</summary>
public sealed class BenchDefensesCommand : IVerb
{
    private const double Eps = 0.1;
    private const int PgdSteps = 7;

    private readonly Option<bool> _json = CliOption.Flag("--json", "also print the results as one JSON line");
    private readonly Option<bool> _quick = CliOption.Flag("--quick", "a tiny slice (2 batches of 32): checks the plumbing, not the speed");
    private readonly Option<int> _threads = CliOption.Int("--threads", "intra-op threads on both sides", Environment.ProcessorCount, min: 1);
    private readonly Option<int?> _batches = CliOption.OptionalInt("--batches", "timed training steps per workload [default: 10, 2 with --quick]", min: 1);
    private readonly Option<int?> _batch = CliOption.OptionalInt("--batch-size", "images per step [default: 128, 32 with --quick]", min: 1);
    private readonly Option<int> _rounds = CliOption.Int("--rounds", "rounds, alternating which side runs first; each side keeps its best", 2, min: 1);

    public string Parent => "bench";

    public Command Create()
    {
        var command = new Command("defenses", "adversarial-training steps (PGD-7, FGSM-RS) against the same steps in PyTorch eager")
        {
            _json, _quick, _threads, _batches, _batch, _rounds,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parse)
    {
        var threads = parse.GetValue(_threads);
        var quick = parse.GetValue(_quick);
        var batches = parse.GetValue(_batches) ?? (quick ? 2 : 10);
        var batch = parse.GetValue(_batch) ?? (quick ? 32 : 128);
        var rounds = parse.GetValue(_rounds);
        // One warm-up batch plus the timed ones.
        int images = batch * (batches + 1);
        torch.set_num_threads(threads);
        var real = BenchEngineWorkloads.FashionMnist(DataSplit.Train, images);
        var data = real is null ? "random (Fashion-MNIST is not installed)" : "Fashion-MNIST";
        var (x, y, _) = real is { } r ? (r.images, r.labels, 0.0) : BenchEngineWorkloads.Batch(0, images);
        var statistics = ChannelStatistics.FashionMnist;
        Console.Error.WriteLine($"bench defenses: {threads} threads, libtorch {torch.__version__}, {data}, {batches} steps of {batch} per workload, {rounds} round(s)");
        var dataDir = Directory.CreateTempSubdirectory("robustnb-bench-defenses-");
        double oursPgd = 0, oursFgsm = 0, pyPgd = 0, pyFgsm = 0;
        string pyVersion = "";
        bool sameData;
        try
        {
            using (x)
            using (y)
            {
                var checksum = BenchEngineWorkloads.Checksum(x, y);
                BenchEngineWorkloads.Save(x, y, dataDir.FullName, "train");
                var pgd = new AdversarialTraining { Method = "pgd", Eps = Eps, Steps = PgdSteps };
                var fgsmRs = new AdversarialTraining { Method = "fgsm-rs", Eps = Eps };
                var pyChecksum = double.NaN;
                void PyTorchSide()
                {
                    var result = PyTorchScript.Run("defenses.py", new[]
                    {
                        "--threads", I(threads), "--batch", I(batch), "--batches", I(batches), "--eps", Eps.ToString("R", CultureInfo.InvariantCulture),
                        "--pgd-steps", I(PgdSteps), "--mean", statistics.Mean[0].ToString("R", CultureInfo.InvariantCulture),
                        "--std", statistics.Std[0].ToString("R", CultureInfo.InvariantCulture), "--data", dataDir.FullName,
                    });
                    pyVersion = result.GetProperty("torch_version").GetString()!;
                    pyChecksum = result.GetProperty("checksum").GetDouble();
                    pyPgd = Math.Max(pyPgd, result.GetProperty("pgd_images_per_s").GetDouble());
                    pyFgsm = Math.Max(pyFgsm, result.GetProperty("fgsm_rs_images_per_s").GetDouble());
                }
                for (int round = 0; round < rounds; round++)
                {
                    if (round % 2 == 1) PyTorchSide();
                    manual_seed(0);
                    using var model = new LeNetPlusPlus(mean: statistics.Mean, std: statistics.Std);
                    using var optimizer = new SGD(model.parameters().ToList(), 0.01, momentum: 0.9, weight_decay: 5e-4);
                    oursPgd = Math.Max(oursPgd, ImagesPerSecond(model, optimizer, pgd, x, y, batch, batches));
                    oursFgsm = Math.Max(oursFgsm, ImagesPerSecond(model, optimizer, fgsmRs, x, y, batch, batches));
                    if (round % 2 == 0) PyTorchSide();
                }
                sameData = Math.Abs(pyChecksum - checksum) <= 1e-6 * Math.Abs(checksum);
            }
        }
        finally { dataDir.Delete(recursive: true); }

        double pgdRatio = oursPgd / pyPgd, fgsmRatio = oursFgsm / pyFgsm, speedup = Math.Sqrt(pgdRatio * fgsmRatio);
        Console.WriteLine($"{"workload",-44} {"unit",-6} {"ours",10} {"PyTorch",10} {"ours/PyTorch",13}");
        Console.WriteLine($"{$"PGD-{PgdSteps} adversarial training, batch {batch}",-44} {"img/s",-6} {F(oursPgd),10} {F(pyPgd),10} {F(pgdRatio),13}");
        Console.WriteLine($"{$"FGSM-RS adversarial training, batch {batch}",-44} {"img/s",-6} {F(oursFgsm),10} {F(pyFgsm),10} {F(fgsmRatio),13}");
        Console.WriteLine($"advtrain_speedup (geometric mean) {F(speedup)}; data: {data}; identical on both sides: {(sameData ? "yes" : "NO")}; PyTorch {pyVersion}");
        if (parse.GetValue(_json))
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["advtrain_speedup"] = speedup,
                ["pgd7_speedup"] = pgdRatio,
                ["fgsm_rs_speedup"] = fgsmRatio,
                ["pgd7_images_per_s"] = new { ours = oursPgd, pytorch = pyPgd },
                ["fgsm_rs_images_per_s"] = new { ours = oursFgsm, pytorch = pyFgsm },
                ["eps"] = Eps,
                ["batch"] = batch,
                ["batches"] = batches,
                ["rounds"] = rounds,
                ["threads"] = threads,
                ["quick"] = quick,
                ["data"] = data,
                ["same_data"] = sameData,
                ["libtorch"] = torch.__version__,
            }));
        }
        return 0;
    }

    // The trainer's step for a method with no clean term: the attack in eval mode, then SGD on the
    // adversarial batch alone (Trainer.StepLoss's α = 0 branch).
    private static double ImagesPerSecond(LeNetPlusPlus model, SGD optimizer, AdversarialTraining training, Tensor x, Tensor y, int batch, int batches)
    {
        void Step(int index)
        {
            using var scope = NewDisposeScope();
            var xb = x.narrow(0, (long)index * batch, batch);
            var yb = y.narrow(0, (long)index * batch, batch);
            model.eval();
            var adversarial = training.Generate(model, xb, yb, training.Eps);
            model.train();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.logits(adversarial), yb).backward();
            optimizer.step();
        }
        Step(0);
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= batches; i++) Step(i);
        return (double)batch * batches / clock.Elapsed.TotalSeconds;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString(v >= 100 ? "F0" : "F3", CultureInfo.InvariantCulture);
}
