using System.Globalization;
using RobustNotebooks.Training;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb train</c>: one training phase (softmax, or PCL from a softmax run).</summary>
public sealed class TrainCommand : ICommand
{
    public string Name => "train";

    public string Summary => "train a model with softmax or PCL: --dataset fmnist --model lenetpp --loss softmax|pcl --epochs N --out DIR";

    private static readonly string[] Options =
    [
        "dataset", "model", "loss", "pcl-variant", "pcl-layers", "from", "epochs", "out", "limit", "seed", "device",
        "batch-size", "lr", "momentum", "weight-decay", "milestones", "gamma", "clip", "embedding-dim",
        "weight-prox", "weight-conprox", "lr-prox", "lr-conprox", "paper-weight", "paper-lr",
    ];

    public int Run(string[] args)
    {
        var cl = new CommandLine(args, Options, ["resume", "augment"]);
        if (cl.Positional.Count > 0) throw new UsageException($"unexpected argument '{cl.Positional[0]}'");
        var output = cl.Get("out") ?? throw new UsageException("--out DIR is required (the run directory for checkpoints and metrics)");
        var config = Parse(cl);
        using var trainer = new Trainer(config, output, cl.Flag("resume"));
        Console.WriteLine($"training {config.Model} on {trainer.DatasetName} with {(config.IsPcl ? $"softmax + PCL ({config.PclVariant}, layers {string.Join(", ", config.PclLayers)})" : "softmax")}, " +
                          $"{config.Epochs} epochs, device {trainer.Device}, seed {config.Seed}{(config.Limit is int l ? $", first {l} images" : "")}");
        var history = trainer.Run();
        var last = history[^1];
        Console.WriteLine($"test accuracy {last.TestAccuracy:P2} on {last.TestSamples} {trainer.DatasetName} test images" +
                          (last.NearestPrototypeAccuracy is double n ? $"; nearest prototype {n:P2}" : "") +
                          $"; checkpoint and metrics in {output}");
        return 0;
    }

    internal static TrainConfig Parse(CommandLine cl)
    {
        var defaults = new TrainConfig();
        var loss = cl.Get("loss", defaults.Loss);
        var milestones = cl.Get("milestones");
        var config = new TrainConfig
        {
            Dataset = cl.Get("dataset", defaults.Dataset),
            Model = cl.Get("model", defaults.Model),
            Loss = loss,
            PclVariant = cl.Get("pcl-variant", defaults.PclVariant),
            PclLayers = cl.Get("pcl-layers")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? defaults.PclLayers,
            From = cl.Get("from"),
            Epochs = cl.GetInt("epochs", defaults.Epochs),
            Limit = cl.Get("limit") is null ? null : cl.GetInt("limit", 0),
            Seed = cl.GetLong("seed", defaults.Seed),
            Device = cl.Get("device", defaults.Device),
            BatchSize = cl.GetInt("batch-size", defaults.BatchSize),
            LearningRate = cl.GetDouble("lr", defaults.LearningRate),
            Momentum = cl.GetDouble("momentum", defaults.Momentum),
            WeightDecay = cl.GetDouble("weight-decay", defaults.WeightDecay),
            LrMilestones = milestones is null ? defaults.LrMilestones : ParseInts(milestones, "milestones"),
            LrGamma = cl.GetDouble("gamma", defaults.LrGamma),
            ClipGradNorm = cl.GetDouble("clip", loss == "pcl" ? 5.0 : 0.0),
            EmbeddingDim = cl.GetInt("embedding-dim", defaults.EmbeddingDim),
            WeightProximity = cl.GetDouble("weight-prox", defaults.WeightProximity),
            WeightContrast = cl.GetDouble("weight-conprox", defaults.WeightContrast),
            LrProximity = cl.GetDouble("lr-prox", defaults.LrProximity),
            LrContrast = cl.GetDouble("lr-conprox", defaults.LrContrast),
            PaperWeight = cl.GetDouble("paper-weight", defaults.PaperWeight),
            PaperLrPrototypes = cl.GetDouble("paper-lr", defaults.PaperLrPrototypes),
            Augment = cl.Flag("augment"),
        };
        if (config.Loss == "pcl" && config.From is null)
            Console.Error.WriteLine("note: PCL without --from starts from random weights; the paper's recipe warms up with softmax first");
        return config;
    }

    private static int[] ParseInts(string text, string option)
    {
        try { return text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new UsageException($"--{option} takes comma-separated integers, got '{text}'"); }
    }
}
