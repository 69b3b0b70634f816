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

/// <summary><c>robustnb bench defenses</c>: adversarial-training steps of LeNet++ on Fashion-MNIST (ε 0.1)
/// with PGD-7 and with FGSM-RS, our trainer's attack and step against the same step in plain PyTorch eager
/// (scripts/bench/defenses.py) on the same libtorch and threads. The two sides alternate step by step
/// (which goes first alternates too), so each pair of steps sees the machine in the same state; a
/// workload's speedup is the median of its pairs' time ratios, and advtrain_speedup the geometric mean of
/// the two workloads'. Timings are reported, never asserted.</summary>
public sealed class BenchDefensesCommand : IVerb
{
    private const double Eps = 0.1;
    private const int PgdSteps = 7;

    private readonly Option<bool> _json = CliOption.Flag("--json", "also print the results as one JSON line");
    private readonly Option<bool> _quick = CliOption.Flag("--quick", "2 pairs of steps on batches of 32: checks the plumbing, not the speed");
    private readonly Option<int> _threads = CliOption.Int("--threads", "intra-op threads on both sides", Environment.ProcessorCount, min: 1);
    private readonly Option<int?> _pairs = CliOption.OptionalInt("--pairs", "timed pairs of steps (ours, PyTorch's) per workload [default: 12, 2 with --quick]", min: 1);
    private readonly Option<int?> _batch = CliOption.OptionalInt("--batch-size", "images per step [default: 128, 32 with --quick]", min: 1);
    private readonly Option<bool> _pytorchTuned = CliOption.Flag("--pytorch-tuned",
        "give the PyTorch side what ours does: channels-last weights (model.to(memory_format=torch.channels_last)) and malloc keeping freed memory (GLIBC_TUNABLES)");

    public string Parent => "bench";

    public Command Create()
    {
        var command = new Command("defenses", "adversarial-training steps (PGD-7, FGSM-RS) against the same steps in PyTorch eager, alternating step by step")
        {
            _json, _quick, _threads, _pairs, _batch, _pytorchTuned,
        };
        command.SetAction(Run);
        return command;
    }

    private sealed record Step(double Seconds, long PageFaults);

    private sealed record Workload(string Key, string Name, AdversarialTraining Training)
    {
        public List<(Step Ours, Step PyTorch)> Steps { get; } = [];

        private IEnumerable<(double Ours, double PyTorch)> Pairs => Steps.Select(s => (s.Ours.Seconds, s.PyTorch.Seconds));

        public double OursPageFaults => Median(Steps.Select(s => (double)s.Ours.PageFaults));

        public double PyTorchPageFaults => Median(Steps.Select(s => (double)s.PyTorch.PageFaults));

        public double OursPerSecond(int batch) => batch / Median(Pairs.Select(p => p.Ours));

        public double PyTorchPerSecond(int batch) => batch / Median(Pairs.Select(p => p.PyTorch));

        /// <summary>PyTorch's time over ours, pair by pair.</summary>
        public IReadOnlyList<double> Ratios => Pairs.Select(p => p.PyTorch / p.Ours).ToList();

        public double Speedup => Median(Ratios);
    }

    private int Run(ParseResult parse)
    {
        var threads = parse.GetValue(_threads);
        var quick = parse.GetValue(_quick);
        var pairs = parse.GetValue(_pairs) ?? (quick ? 2 : 12);
        var batch = parse.GetValue(_batch) ?? (quick ? 32 : 128);
        var pytorchTuned = parse.GetValue(_pytorchTuned);
        // One warm-up step per side plus the timed ones, each on its own batch.
        int images = batch * (pairs + 1);
        torch.set_num_threads(threads);
        var real = BenchEngineWorkloads.FashionMnist(DataSplit.Train, images);
        var data = real is null ? "random (Fashion-MNIST is not installed)" : "Fashion-MNIST";
        var (x, y, _) = real is { } r ? (r.images, r.labels, 0.0) : BenchEngineWorkloads.Batch(0, images);
        var statistics = ChannelStatistics.FashionMnist;
        var pytorchSetup = pytorchTuned ? "tuned as ours (channels-last weights, malloc keeping freed memory)" : "as PyTorch comes (contiguous weights, glibc's malloc defaults)";
        Console.Error.WriteLine($"bench defenses: {threads} threads, libtorch {torch.__version__}, {data}, {pairs} pairs of steps of {batch} images per workload, PyTorch {pytorchSetup}");
        Workload[] workloads =
        [
            new("pgd", $"PGD-{PgdSteps} adversarial training", new AdversarialTraining { Method = "pgd", Eps = Eps, Steps = PgdSteps }),
            new("fgsm-rs", "FGSM-RS adversarial training", new AdversarialTraining { Method = "fgsm-rs", Eps = Eps }),
        ];
        var dataDir = Directory.CreateTempSubdirectory("robustnb-bench-defenses-");
        string pyVersion;
        bool sameData;
        try
        {
            using (x)
            using (y)
            {
                var checksum = BenchEngineWorkloads.Checksum(x, y);
                BenchEngineWorkloads.Save(x, y, dataDir.FullName, "train");
                string[] arguments =
                [
                    "--threads", I(threads), "--batch", I(batch), "--eps", D(Eps), "--pgd-steps", I(PgdSteps),
                    "--mean", D(statistics.Mean[0]), "--std", D(statistics.Std[0]), "--data", dataDir.FullName,
                    .. pytorchTuned ? new[] { "--channels-last" } : [],
                ];
                var environment = new Dictionary<string, string>();
                if (pytorchTuned)
                    environment["GLIBC_TUNABLES"] = $"glibc.malloc.mmap_threshold={NativeAllocator.MmapThreshold}:glibc.malloc.trim_threshold={NativeAllocator.TrimThreshold}";
                using var pytorch = new PyTorchSession("defenses.py", arguments, environment);
                pyVersion = pytorch.Ready.GetProperty("torch_version").GetString()!;
                sameData = Math.Abs(pytorch.Ready.GetProperty("checksum").GetDouble() - checksum) <= 1e-6 * Math.Abs(checksum);
                manual_seed(0);
                using var model = new LeNetPlusPlus(mean: statistics.Mean, std: statistics.Std);
                using var optimizer = new SGD(model.parameters().ToList(), 0.01, momentum: 0.9, weight_decay: 5e-4);
                foreach (var workload in workloads)
                {
                    Step Ours(int index) => TimedStep(model, optimizer, workload.Training, x, y, batch, index);
                    Step PyTorch(int index)
                    {
                        var answer = pytorch.Ask($"{workload.Key} {index}");
                        return new Step(answer.GetProperty("seconds").GetDouble(), answer.GetProperty("page_faults").GetInt64());
                    }
                    Ours(0);
                    PyTorch(0);
                    for (int i = 1; i <= pairs; i++)
                    {
                        // Alternate who goes first, so neither side always inherits the other's warm caches.
                        if (i % 2 == 1) { var ours = Ours(i); workload.Steps.Add((ours, PyTorch(i))); }
                        else { var py = PyTorch(i); workload.Steps.Add((Ours(i), py)); }
                    }
                }
            }
        }
        finally { dataDir.Delete(recursive: true); }

        double speedup = Math.Sqrt(workloads[0].Speedup * workloads[1].Speedup);
        Console.WriteLine($"{"workload",-44} {"unit",-6} {"ours",8} {"PyTorch",8} {"speedup",8}  {"pairs' range",13}  {"page faults a step, ours | PyTorch",34}");
        foreach (var w in workloads)
            Console.WriteLine($"{$"{w.Name}, batch {batch}",-44} {"img/s",-6} {F(w.OursPerSecond(batch)),8} {F(w.PyTorchPerSecond(batch)),8} {F(w.Speedup),8}  " +
                              $"{F(w.Ratios.Min()) + "–" + F(w.Ratios.Max()),13}  {$"{w.OursPageFaults:0} | {w.PyTorchPageFaults:0}",34}");
        Console.WriteLine($"advtrain_speedup (geometric mean of the medians) {F(speedup)}; speedup: PyTorch's step time over ours, median of {pairs} alternating pairs; " +
                          $"data: {data}; identical on both sides: {(sameData ? "yes" : "NO")}; PyTorch {pyVersion} {pytorchSetup}");
        if (parse.GetValue(_json))
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["advtrain_speedup"] = speedup,
                ["pgd7_speedup"] = workloads[0].Speedup,
                ["fgsm_rs_speedup"] = workloads[1].Speedup,
                ["pgd7_images_per_s"] = new { ours = workloads[0].OursPerSecond(batch), pytorch = workloads[0].PyTorchPerSecond(batch) },
                ["fgsm_rs_images_per_s"] = new { ours = workloads[1].OursPerSecond(batch), pytorch = workloads[1].PyTorchPerSecond(batch) },
                ["pgd7_page_faults_per_step"] = new { ours = workloads[0].OursPageFaults, pytorch = workloads[0].PyTorchPageFaults },
                ["fgsm_rs_page_faults_per_step"] = new { ours = workloads[1].OursPageFaults, pytorch = workloads[1].PyTorchPageFaults },
                ["pgd7_ratios"] = workloads[0].Ratios,
                ["fgsm_rs_ratios"] = workloads[1].Ratios,
                ["eps"] = Eps,
                ["batch"] = batch,
                ["pairs"] = pairs,
                ["threads"] = threads,
                ["quick"] = quick,
                ["data"] = data,
                ["same_data"] = sameData,
                ["pytorch_tuned"] = pytorchTuned,
                ["libtorch"] = torch.__version__,
            }));
        }
        return 0;
    }

    // The trainer's step for a method with no clean term: the attack in eval mode, then SGD on the
    // adversarial batch alone (Trainer.StepLoss's α = 0 branch). Returns its seconds and the process's
    // minor page faults meanwhile.
    private static Step TimedStep(LeNetPlusPlus model, SGD optimizer, AdversarialTraining training, Tensor x, Tensor y, int batch, int index)
    {
        var faults = MinorPageFaults();
        var clock = Stopwatch.StartNew();
        // The step's tensors are freed inside the timed span, as PyTorch frees its own as it goes.
        using (NewDisposeScope())
        {
            var xb = x.narrow(0, (long)index * batch, batch);
            var yb = y.narrow(0, (long)index * batch, batch);
            model.eval();
            var adversarial = training.Generate(model, xb, yb, training.Eps);
            model.train();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.logits(adversarial), yb).backward();
            optimizer.step();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new Step(seconds, MinorPageFaults() - faults);
    }

    // Field 10 of /proc/self/stat (minflt): the minor page faults of every thread of the process so far.
    private static long MinorPageFaults() =>
        long.Parse(File.ReadAllText("/proc/self/stat").Split(") ")[1].Split(' ')[7], CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString(v >= 100 ? "F0" : "F3", CultureInfo.InvariantCulture);
}
