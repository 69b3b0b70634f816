using RobustNotebooks.Training;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb quickstart</c>: the main job. Phase 1 trains LeNet++ on Fashion-MNIST with
/// softmax; phase 2 fine-tunes it with the prototype conformity loss; both print accuracy and the
/// intra/inter-class feature distance ratio per epoch.</summary>
public sealed class QuickstartCommand : ICommand
{
    public string Name => "quickstart";

    public string Summary => "the main job: LeNet++ on Fashion-MNIST, softmax then PCL, accuracies and feature geometry";

    public int Run(string[] args)
    {
        var cl = new CommandLine(args, ["out", "epochs-softmax", "epochs-pcl", "limit", "seed", "device"], ["resume"]);
        var output = cl.Get("out", Path.Combine("out", "quickstart"));
        var limit = cl.Get("limit") is null ? (int?)null : cl.GetInt("limit", 0);
        var common = new TrainConfig
        {
            Dataset = "fmnist",
            Model = "lenetpp",
            Limit = limit,
            Seed = cl.GetLong("seed", 1),
            Device = cl.Get("device", "cpu"),
        };
        var softmax = common with { Loss = "softmax", Epochs = cl.GetInt("epochs-softmax", 3) };
        var pcl = common with
        {
            Loss = "pcl",
            Epochs = cl.GetInt("epochs-pcl", 2),
            From = Path.Combine(output, "softmax"),
            ClipGradNorm = 5.0,
        };
        var results = new List<(string Phase, EpochMetrics Last)>();
        foreach (var (phase, config) in new[] { ("softmax", softmax), ("pcl", pcl) })
        {
            Console.WriteLine($"== phase {phase}: {config.Epochs} epochs{(limit is int l ? $" on the first {l} images" : " on the full training set")}");
            using var trainer = new Trainer(config, Path.Combine(output, phase), cl.Flag("resume"));
            results.Add((phase, trainer.Run()[^1]));
        }
        Console.WriteLine();
        Console.WriteLine($"{"phase",-8} {"test acc",9} {"nearest-prototype acc",22}  intra/inter ratio per PCL layer");
        foreach (var (phase, m) in results)
            Console.WriteLine($"{phase,-8} {m.TestAccuracy,9:P2} {(m.NearestPrototypeAccuracy is double n ? n.ToString("P2") : "—"),22}  " +
                              string.Join("  ", m.Geometry.Select(g => $"{g.Layer}={g.Ratio:F3}")));
        Console.WriteLine($"(Fashion-MNIST test images: {results[^1].Last.TestSamples}; runs in {output})");
        return 0;
    }
}
