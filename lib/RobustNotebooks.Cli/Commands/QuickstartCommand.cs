using System.CommandLine;
using RobustNotebooks.Training;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb quickstart</c>: a first training run (the main job is <c>replicate</c>). Phase 1 trains LeNet++ on Fashion-MNIST with
/// softmax; phase 2 fine-tunes it with the prototype conformity loss; both print accuracy and the
/// intra/inter-class feature distance ratio per epoch.</summary>
public sealed class QuickstartCommand : IVerb
{
    private readonly Option<string?> _out = CliOption.Text("--out", "directory for both runs (softmax/ and pcl/)", Path.Combine("out", "quickstart"), "DIR");
    private readonly Option<int> _epochsSoftmax = CliOption.Int("--epochs-softmax", "epochs of phase 1 (softmax)", 3, min: 1);
    private readonly Option<int> _epochsPcl = CliOption.Int("--epochs-pcl", "epochs of phase 2 (PCL from phase 1)", 2, min: 1);
    private readonly Option<int?> _limit = CliOption.OptionalInt("--limit", "use only the first N training and N test images", min: 1);
    private readonly Option<long> _seed = CliOption.Long("--seed", "seed of every random draw", 1);
    private readonly Option<string> _device = CliOption.Device("cpu");
    private readonly Option<bool> _resume = CliOption.Flag("--resume", "continue the runs in --out");
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public Command Create()
    {
        var command = new Command("quickstart", "a first training run: LeNet++ on Fashion-MNIST, softmax then PCL, accuracies and feature geometry per epoch")
        {
            _out, _epochsSoftmax, _epochsPcl, _limit, _seed, _device, _resume, _quiet,
        };
        command.SetAction(parse => Interruption.Run(cancel => CliProgress.Run(parse.GetValue(_quiet), () => Run(parse, cancel))));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancel)
    {
        var output = parse.GetValue(_out)!;
        var limit = parse.GetValue(_limit);
        var common = new TrainConfig
        {
            Dataset = "fmnist",
            Model = "lenetpp",
            Limit = limit,
            Seed = parse.GetValue(_seed),
            Device = parse.GetValue(_device)!,
        };
        var softmax = common with { Loss = "softmax", Epochs = parse.GetValue(_epochsSoftmax) };
        var pcl = common with
        {
            Loss = "pcl",
            Epochs = parse.GetValue(_epochsPcl),
            From = Path.Combine(output, "softmax"),
            ClipGradNorm = 5.0,
        };
        var results = new List<(string Phase, EpochMetrics Last)>();
        foreach (var (phase, config) in new[] { ("softmax", softmax), ("pcl", pcl) })
        {
            Console.WriteLine($"== phase {phase}: {config.Epochs} epochs{(limit is int l ? $" on the first {l} images" : " on the full training set")}");
            using var trainer = new Trainer(config, Path.Combine(output, phase), parse.GetValue(_resume));
            results.Add((phase, trainer.Run(cancel)[^1]));
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
