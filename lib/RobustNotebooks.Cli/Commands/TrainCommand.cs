using System.CommandLine;
using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Training;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb train</c>: one training phase (softmax, or PCL from a softmax run).
/// The shape every verb follows: options are fields built with <see cref="CliOption"/> (typed, with a
/// description, a default and a range), <see cref="Create"/> assembles the command, and the action reads
/// the values back from the parse result and returns the exit code.</summary>
public sealed class TrainCommand : IVerb
{
    private static readonly TrainConfig Defaults = new();

    /// <summary>Catalog ids and their short aliases (fmnist, cifar10, ...).</summary>
    public static IReadOnlyList<string> DatasetNames { get; } =
        [.. Trainer.DatasetAliases.Keys, .. DatasetCatalog.All.Select(d => d.Id)];

    private readonly Option<string> _dataset = CliOption.Choice("--dataset", "data set to train on", Defaults.Dataset, DatasetNames, "DATASET");
    private readonly Option<string> _model = CliOption.Choice("--model", "network", Defaults.Model, ModelCatalog.Names, "MODEL");
    private readonly Option<string> _loss = CliOption.Choice("--loss", "softmax (cross-entropy) or pcl (cross-entropy + prototype conformity loss)", Defaults.Loss, ["softmax", "pcl"]);
    private readonly Option<string> _pclVariant = CliOption.Choice("--pcl-variant", "PCL as in the official code or as written in the paper", Defaults.PclVariant, ["official", "paper"]);
    private readonly Option<string> _pclLayers = CliOption.Parsed("--pcl-layers", "features that carry the prototype loss, comma-separated FEATURE or FEATURE:HEAD_DIM",
        string.Join(',', Defaults.PclLayers), text => string.Join(',', Layers(text)), "L1,L2");
    private readonly Option<string?> _from = CliOption.Text("--from", "start from the final weights of this run directory or .safetensors file (PCL after softmax)", helpName: "RUN");
    private readonly Option<int> _epochs = CliOption.Int("--epochs", "epochs to train (with --resume: the total)", Defaults.Epochs, min: 1);
    private readonly Option<string> _out = CliOption.RequiredText("--out", "run directory for checkpoints and metrics.csv", "DIR");
    private readonly Option<int?> _limit = CliOption.OptionalInt("--limit", "use only the first N training and N test images (quick runs)", min: 1);
    private readonly Option<long> _seed = CliOption.Long("--seed", "seed of every random draw", Defaults.Seed);
    private readonly Option<string> _device = CliOption.Device(Defaults.Device);
    private readonly Option<int> _batchSize = CliOption.Int("--batch-size", "images per training step", Defaults.BatchSize, min: 1);
    private readonly Option<double> _lr = CliOption.Double("--lr", "SGD learning rate", Defaults.LearningRate, above: 0);
    private readonly Option<double> _momentum = CliOption.Double("--momentum", "SGD momentum", Defaults.Momentum, min: 0, max: 1);
    private readonly Option<double> _weightDecay = CliOption.Double("--weight-decay", "SGD weight decay", Defaults.WeightDecay, min: 0);
    private readonly Option<int[]> _milestones = CliOption.IntList("--milestones", "epochs (0-based) at which every learning rate is multiplied by --gamma", [], min: 0);
    private readonly Option<double> _gamma = CliOption.Double("--gamma", "learning-rate factor at each milestone", Defaults.LrGamma, above: 0);
    private readonly Option<double?> _clip = CliOption.OptionalDouble("--clip", "clip the global gradient norm (0 = off) [default: 5 with --loss pcl, else 0]", min: 0);
    private readonly Option<int> _embeddingDim = CliOption.Int("--embedding-dim", "width of LeNet++'s penultimate layer", Defaults.EmbeddingDim, min: 1);
    private readonly Option<double> _weightProx = CliOption.Double("--weight-prox", "official PCL: weight of the proximity term", Defaults.WeightProximity, min: 0);
    private readonly Option<double> _weightConprox = CliOption.Double("--weight-conprox", "official PCL: weight of the contrastive-proximity term", Defaults.WeightContrast, min: 0);
    private readonly Option<double> _lrProx = CliOption.Double("--lr-prox", "official PCL: learning rate of the proximity prototypes", Defaults.LrProximity, min: 0);
    private readonly Option<double> _lrConprox = CliOption.Double("--lr-conprox", "official PCL: learning rate of the contrastive prototypes", Defaults.LrContrast, min: 0);
    private readonly Option<double> _paperWeight = CliOption.Double("--paper-weight", "paper PCL: weight of the prototype loss", Defaults.PaperWeight, min: 0);
    private readonly Option<double> _paperLr = CliOption.Double("--paper-lr", "paper PCL: learning rate of the prototypes", Defaults.PaperLrPrototypes, min: 0);
    private readonly Option<bool> _resume = CliOption.Flag("--resume", "continue the checkpoint in --out (same settings; --epochs may grow)");
    private readonly Option<bool> _augment = CliOption.Flag("--augment", "random crop (padding 4) and horizontal flips");
    private readonly Option<string> _adv = CliOption.Choice("--adv", "adversarial training: fgsm (Goodfellow, α-mixed), fgsm-rs (Wong et al.), pgd (Madry), trades",
        Defaults.Adversarial, AdversarialTraining.Methods);
    private readonly Option<double> _advEps = CliOption.Double("--adv-eps", "L∞ budget of the training attack, in [0, 1] pixel units", Defaults.AdvEps, above: 0, max: 1, helpName: "E");
    private readonly Option<double?> _advEpsMin = CliOption.OptionalDouble("--adv-eps-min", "draw each batch's ε from [this, --adv-eps] (the PCL code's U(0.02, 0.05))", min: 0, max: 1, helpName: "E");
    private readonly Option<int?> _advSteps = CliOption.OptionalInt("--adv-steps", "steps of the training attack [default: 1 for fgsm and fgsm-rs, 7 for pgd, 10 for trades]", min: 1, helpName: "K");
    private readonly Option<double?> _advStepSize = CliOption.OptionalDouble("--adv-step-size", "step length [default: ε for fgsm, 1.25ε for fgsm-rs, 2.5ε/K for pgd and trades]", above: 0, helpName: "A");
    private readonly Option<string> _advRandomStart = CliOption.Choice("--adv-random-start", "random start of the training attack [default: on for fgsm-rs, pgd and trades]", "default", ["default", "on", "off"]);
    private readonly Option<double?> _advCleanWeight = CliOption.OptionalDouble("--adv-clean-weight", "α in α·L(x) + (1−α)·L(x_adv) [default: 0.5 for fgsm or with --alp, else 0]", min: 0, max: 0.999999, helpName: "ALPHA");
    private readonly Option<double> _alp = CliOption.Double("--alp", "adversarial logit pairing weight λ (0 = off; 0.5 in Kannan et al.)", Defaults.AlpWeight, min: 0, helpName: "L");
    private readonly Option<double> _tradesBeta = CliOption.Double("--trades-beta", "TRADES β", Defaults.TradesBeta, min: 0, helpName: "B");
    private readonly Option<string?> _denoise = CliOption.Parsed<string?>("--denoise", "feature-denoising blocks after stages, STAGE[,STAGE][:nonlocal-gaussian|nonlocal-dot|mean|median], groups joined by ';'",
        null, text => FeatureDenoising.Parse(text).ToString(), "STAGES:KIND");
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public Command Create()
    {
        var command = new Command("train", "train a model with softmax or PCL and write checkpoints and per-epoch metrics")
        {
            _dataset, _model, _loss, _pclVariant, _pclLayers, _from, _epochs, _out, _limit, _seed, _device, _batchSize, _lr,
            _momentum, _weightDecay, _milestones, _gamma, _clip, _embeddingDim, _weightProx, _weightConprox, _lrProx,
            _lrConprox, _paperWeight, _paperLr, _resume, _augment, _adv, _advEps, _advEpsMin, _advSteps, _advStepSize,
            _advRandomStart, _advCleanWeight, _alp, _tradesBeta, _denoise, _quiet,
        };
        command.SetAction(parse => Interruption.Run(cancel => CliProgress.Run(parse.GetValue(_quiet), () => Run(parse, cancel))));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancel)
    {
        var output = parse.GetValue(_out)!;
        var config = Config(parse);
        if (config.IsPcl && config.From is null)
            Console.Error.WriteLine("note: PCL without --from starts from random weights; the paper's recipe warms up with softmax first");
        using var trainer = new Trainer(config, output, parse.GetValue(_resume));
        Console.WriteLine($"training {config.Model} on {trainer.DatasetName} with {(config.IsPcl ? $"softmax + PCL ({config.PclVariant}, layers {string.Join(", ", config.PclLayers)})" : "softmax")}, " +
                          $"{config.Epochs} epochs, device {trainer.Device}, seed {config.Seed}{(config.Limit is int l ? $", first {l} images" : "")}" +
                          (trainer.Adversarial.Enabled ? $", adversarial training {trainer.Adversarial}" : "") +
                          (config.Denoise is string d ? $", denoising {d}" : ""));
        var history = trainer.Run(cancel);
        var last = history[^1];
        Console.WriteLine($"test accuracy {last.TestAccuracy:P2} on {last.TestSamples} {trainer.DatasetName} test images" +
                          (last.NearestPrototypeAccuracy is double n ? $"; nearest prototype {n:P2}" : "") +
                          $"; checkpoint and metrics in {output}");
        return 0;
    }

    internal TrainConfig Config(ParseResult parse)
    {
        var loss = parse.GetValue(_loss)!;
        return new TrainConfig
        {
            Dataset = parse.GetValue(_dataset)!,
            Model = parse.GetValue(_model)!,
            Loss = loss,
            PclVariant = parse.GetValue(_pclVariant)!,
            PclLayers = Layers(parse.GetValue(_pclLayers)!),
            From = parse.GetValue(_from),
            Epochs = parse.GetValue(_epochs),
            Limit = parse.GetValue(_limit),
            Seed = parse.GetValue(_seed),
            Device = parse.GetValue(_device)!,
            BatchSize = parse.GetValue(_batchSize),
            LearningRate = parse.GetValue(_lr),
            Momentum = parse.GetValue(_momentum),
            WeightDecay = parse.GetValue(_weightDecay),
            LrMilestones = parse.GetValue(_milestones)!,
            LrGamma = parse.GetValue(_gamma),
            ClipGradNorm = parse.GetValue(_clip) ?? (loss == "pcl" ? 5.0 : 0.0),
            EmbeddingDim = parse.GetValue(_embeddingDim),
            WeightProximity = parse.GetValue(_weightProx),
            WeightContrast = parse.GetValue(_weightConprox),
            LrProximity = parse.GetValue(_lrProx),
            LrContrast = parse.GetValue(_lrConprox),
            PaperWeight = parse.GetValue(_paperWeight),
            PaperLrPrototypes = parse.GetValue(_paperLr),
            Augment = parse.GetValue(_augment),
            Adversarial = parse.GetValue(_adv)!,
            AdvEps = parse.GetValue(_advEps),
            AdvEpsMin = parse.GetValue(_advEpsMin),
            AdvSteps = parse.GetValue(_advSteps),
            AdvStepSize = parse.GetValue(_advStepSize),
            AdvRandomStart = parse.GetValue(_advRandomStart) switch { "on" => true, "off" => false, _ => null },
            AdvCleanWeight = parse.GetValue(_advCleanWeight),
            AlpWeight = parse.GetValue(_alp),
            TradesBeta = parse.GetValue(_tradesBeta),
            Denoise = parse.GetValue(_denoise),
        };
    }

    /// <summary>The configuration that <c>robustnb train ARGS</c> would run (the zoo's recipes are such
    /// arguments); a malformed or unknown option is a <see cref="UsageException"/> naming it.</summary>
    internal static TrainConfig ConfigOf(IEnumerable<string> args)
    {
        var verb = new TrainCommand();
        var list = args.ToList();
        if (!list.Contains("--out")) list.AddRange(["--out", "unused"]);
        var parse = verb.Create().Parse(list);
        if (parse.Errors.Count > 0)
            throw new UsageException($"train {string.Join(' ', list)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        return verb.Config(parse);
    }

    private static string[] Layers(string text)
    {
        var layers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (layers.Length == 0) throw new FormatException("expected at least one layer, e.g. stage3,penultimate");
        foreach (var layer in layers) PclLayer.Parse(layer);
        return layers;
    }
}
