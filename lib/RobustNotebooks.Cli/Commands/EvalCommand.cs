using System.CommandLine;
using System.Globalization;
using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb eval</c>: robust accuracy of trained models under the paper's or the strong
/// protocol, with the audit's flags; results.csv and results.json in --out.</summary>
public sealed class EvalCommand : IVerb
{
    private readonly Option<string[]> _models = CliOption.Repeatable("--model", "a training run directory (repeat for several models)", text => text, "RUN_DIR");
    private readonly Option<string?> _dataset = CliOption.Parsed<string?>("--dataset", "test set to evaluate on [default: the first model's training set]", null,
        text => Trainer.ResolveDataset(text).Id, "DATASET");
    private readonly Option<string[]> _protocols = CliOption.Parsed("--protocol", "evaluation protocol(s), comma-separated: paper (the official PCL code's attacks; the author's C&W with --attacks ...,cw), " +
        "strong (APGD-CE, targeted APGD-DLR, the prototype attacks on PCL models, Square, each on the survivors)",
        [Protocols.Paper], ParseProtocols, "paper|strong");
    private readonly Option<string[]?> _attacks = CliOption.Parsed<string[]?>("--attacks",
        "only these attacks of the protocol(s): " + string.Join("; ", Protocols.Names.Select(p => $"{string.Join(", ", Protocols.Keys(p))} ({p})")) +
        $" [default: all but {string.Join(", ", PaperProtocol.OnRequest)}, which cost(s) about 50 times BIM-10]", null,
        text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "A,B,...");
    private readonly Option<string[]> _defenses = CliOption.Repeatable("--defense",
        "wrap every model in this input transformation at evaluation time: jpeg:Q, resize-pad:P, bits:B, several joined by '+', or none for the bare model " +
        "(repeat to compare; attacked through BPDA and EOT as the transformation needs)", ParseDefense, "SPEC");
    private readonly Option<double[]?> _eps = CliOption.Parsed<double[]?>("--eps", "L∞ budgets, e.g. 0.1,0.2,0.3 or 8/255 [default: per data set]", null, ParseEps, "E,E,...");
    private readonly Option<int?> _limit = CliOption.OptionalInt("--limit", "the first N test images, in order", min: 1);
    private readonly Option<int?> _random = CliOption.OptionalInt("--random", "N test images drawn with --seed (instead of the first N)", min: 1);
    private readonly Option<long> _seed = CliOption.Long("--seed", "seed of the attacks' draws and of --random", 0);
    private readonly Option<string> _out = CliOption.Parsed("--out", "folder for plan.json, batches.jsonl, results.csv and results.json", Path.Combine("out", "eval"), text => text, "DIR");
    private readonly Option<bool> _resume = CliOption.Flag("--resume", "continue the evaluation in --out, skipping its finished batches");
    private readonly Option<string> _shard = CliOption.Parsed("--shard", "evaluate slice i of n (0 ≤ i < n) into --out/shard-i-of-n; join with 'eval merge'", "0/1",
        text => Shard.Parse(text).ToString(), "i/n");
    private readonly Option<string> _device = CliOption.Device("cpu");
    private readonly Option<int> _batchSize = CliOption.Int("--batch-size", "images per attack batch", 250, min: 1);
    private readonly Option<double> _largeEps = CliOption.Double("--large-eps", "the audit's large budget, where accuracy must fall to about 0 (0 skips that run)", 0.5, min: 0, max: 1);
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public Command Create()
    {
        var command = new Command("eval", "robust accuracy under the paper or strong protocol, with audit flags (results.csv, results.json)")
        {
            _models, _dataset, _protocols, _attacks, _defenses, _eps, _limit, _random, _seed, _out, _resume, _shard, _device, _batchSize, _largeEps, _quiet,
        };
        command.SetAction(parse => Interruption.Run(cancel => CliProgress.Run(parse.GetValue(_quiet), () => Run(parse, cancel))));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancel)
    {
        var modelDirs = parse.GetValue(_models)!;
        if (modelDirs.Length == 0) throw new UsageException("--model: give at least one training run directory (robustnb train writes them)");
        if (parse.GetValue(_limit) is not null && parse.GetValue(_random) is not null)
            throw new UsageException("--limit and --random both choose the samples; give one of them");
        var device = Device.Parse(parse.GetValue(_device)!);
        if (device.Type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new UsageException($"--device {device}: CUDA is not available in this libtorch build");
        var datasetId = parse.GetValue(_dataset) ?? Trainer.ResolveDataset(RunCheckpoint.ReadInfo(modelDirs[0]).Config.Dataset).Id;
        var dataset = DatasetCatalog.Get(datasetId);
        var set = Datasets.LoadOrPrepare(dataset.Id, DataSplit.Test, Console.Error);
        using var data = TensorImageSet.From(set, device);
        var eps = parse.GetValue(_eps) is { Length: > 0 } given ? given : Protocols.DefaultEps(dataset.Id);
        var seed = parse.GetValue(_seed);
        var samples = parse.GetValue(_random) is int r
            ? SampleSelection.Random(data.Count, Math.Min(r, data.Count), unchecked((ulong)seed))
            : SampleSelection.First(data.Count, parse.GetValue(_limit));

        var loaded = new List<RunModel>();
        var wrappers = new List<FeatureClassifier>();
        try
        {
            foreach (var dir in modelDirs) loaded.Add(RunModel.Load(dir, set.ClassCount, set.Channels, set.Height, device));
            var protocols = parse.GetValue(_protocols)!;
            var keys = parse.GetValue(_attacks) is { Length: > 0 } named ? named : null;
            var unknown = keys?.FirstOrDefault(k => !protocols.Any(p => Protocols.Keys(p).Contains(k, StringComparer.OrdinalIgnoreCase)));
            if (unknown is not null)
                throw new UsageException($"--attacks: '{unknown}' is not an attack of the {string.Join(", ", protocols)} protocol; known: {string.Join(", ", protocols.SelectMany(Protocols.Keys).Distinct())}");
            var largeEps = parse.GetValue(_largeEps);
            var defenses = parse.GetValue(_defenses) is { Length: > 0 } specs ? specs : [NoDefense];
            var plans = loaded.SelectMany(m => defenses.Select(spec =>
            {
                FeatureClassifier model = m.Model;
                var name = m.Name;
                if (spec != NoDefense)
                {
                    model = new TransformedClassifier(m.Model, InputTransforms.Parse(spec));
                    wrappers.Add(model);
                    name = $"{m.Name}[{spec}]";
                }
                var evaluated = new EvaluatedModel(name, model, m.Sha256, Path.GetFullPath(m.Directory), m.Pcl);
                var tasks = protocols.SelectMany(p => Protocols.Tasks(p, evaluated, eps, seed, keys)).ToList();
                if (largeEps > 0) tasks.Add(Protocols.LargeEpsTask(model, largeEps, seed));
                return new ModelPlan(evaluated, tasks);
            })).ToList();
            var plan = new EvaluationPlan(dataset.Name, samples, plans, parse.GetValue(_batchSize), seed);
            var evaluator = new Evaluator(plan)
            {
                OutputDirectory = parse.GetValue(_out),
                Resume = parse.GetValue(_resume),
                Shard = Shard.Parse(parse.GetValue(_shard)!),
            };
            Console.Error.WriteLine($"eval: {loaded.Count} model(s) on {samples.Count} {dataset.Name} test images ({samples.Description}), protocol {string.Join(", ", protocols)}, " +
                $"ε {string.Join(", ", eps.Select(EvalReport.Eps))}, device {device}, batches of {plan.BatchSize}{(evaluator.Shard.IsWhole ? "" : $", shard {evaluator.Shard}")}");
            var results = evaluator.Run(data, cancel);
            EvalReport.Print(results, Console.Out);
            Console.WriteLine($"results in {evaluator.RunDirectory}");
            return 0;
        }
        finally
        {
            foreach (var w in wrappers) w.Dispose();
            foreach (var m in loaded) m.Dispose();
        }
    }

    private const string NoDefense = "none";

    // Checked when parsed, so a bad spec is a usage error naming --defense; kept as text for the model's name.
    private static string ParseDefense(string text)
    {
        var spec = text.Trim().ToLowerInvariant();
        if (spec == NoDefense) return spec;
        return InputTransforms.Parse(spec).Name;
    }

    private static string[] ParseProtocols(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        if (names.Length == 0) throw new FormatException($"expected one or more of {string.Join(", ", Protocols.Names)}");
        foreach (var n in names)
            if (!Protocols.Names.Contains(n)) throw new FormatException($"'{n}' is not a protocol; expected {string.Join(", ", Protocols.Names)}");
        return names;
    }

    /// <summary>Comma-separated budgets, each a number or a fraction such as 8/255.</summary>
    public static double[] ParseEps(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var slash = part.Split('/');
            double value = slash.Length switch
            {
                1 => Number(part, part),
                2 => Number(slash[0], part) / Number(slash[1], part),
                _ => throw new FormatException($"'{part}' is not a budget; expected a number or a fraction such as 8/255"),
            };
            if (!double.IsFinite(value) || value < 0 || value > 1) throw new FormatException($"{part} is out of range; budgets are L∞ distances in [0, 1]");
            return value;
        }).ToArray();
        if (values.Length == 0) throw new FormatException("expected at least one budget, e.g. 0.1,0.2,0.3 or 8/255");
        return values;
    }

    private static double Number(string text, string whole) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{whole}' is not a budget; expected a number or a fraction such as 8/255");
}
