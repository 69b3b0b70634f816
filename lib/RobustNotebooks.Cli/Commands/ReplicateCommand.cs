using System.CommandLine;
using System.Globalization;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Replication;
using RobustNotebooks.Training;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb replicate</c>: the paper's tables for a data set, from the zoo's models (or trained
/// with --train), under the paper and the strong protocol, with the audit; writes report.html, results.csv,
/// results.json and replication.json.</summary>
public sealed class ReplicateCommand : IVerb
{
    public static IReadOnlyList<string> DatasetNames { get; } = ["fmnist", "mnist10k", "mnist", "cifar10", "cifar100", "svhn"];

    private readonly Option<string> _dataset = CliOption.Choice("--dataset", "the data set whose zoo to evaluate", "fmnist", DatasetNames, "DATASET");
    private readonly Option<bool> _train = CliOption.Flag("--train", "train the models the zoo lacks with their recipes (into OUT/train) instead of reporting them missing");
    private readonly Option<bool> _quick = CliOption.Flag("--quick", "100 test images and the first ε only (with --train: 1 epoch on 1,000 images)");
    private readonly Option<string> _budget = CliOption.Choice("--budget", "the strong protocol's budget: reduced (APGD 25 iterations, 3 targets, Square 500 queries) or autoattack (100, 9, 5,000; several hours on a 2-core CPU)",
        "reduced", StrongBudget.Named.Keys.ToList(), "BUDGET");
    private readonly Option<bool> _defenses = CliOption.Flag("--defenses", "also evaluate the zoo's models of the seed article's defenses (adversarial training, logit pairing, feature denoising)");
    private readonly Option<int?> _limit = CliOption.OptionalInt("--limit", "evaluate the first N test images [default: 1000, 100 with --quick]", min: 1);
    private readonly Option<string> _out = CliOption.Parsed("--out", "output folder for report.html, results.csv, results.json", Path.Combine("out", "replicate"), t => t, "DIR");
    private readonly Option<string> _device = CliOption.Device("cpu");
    private readonly Option<long> _seed = CliOption.Long("--seed", "seed of the attacks' random draws", 0);
    private readonly Option<double[]?> _eps = CliOption.Parsed<double[]?>("--eps", "L∞ budgets, comma-separated [default: the data set's, e.g. 0.1,0.2,0.3 for Fashion-MNIST]", null,
        text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= 1 ? v
                : throw new FormatException($"'{part}' is not a budget; expected numbers in [0, 1], e.g. 0.1,0.3")).ToArray(), "E,E,...");
    private readonly Option<string?> _zoo = ZooCommand.RootOption();
    private readonly Option<bool> _resume = CliOption.Flag("--resume", "continue an interrupted replication in --out");
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public Command Create()
    {
        var command = new Command("replicate", "the paper's tables for a data set: zoo models under the paper and the strong protocol, black-box, ablation, feature space and audit, as report.html")
            { _dataset, _train, _quick, _budget, _defenses, _limit, _out, _device, _seed, _eps, _zoo, _resume, _quiet };
        command.SetAction(parse => Interruption.Run(cancel => CliProgress.Run(parse.GetValue(_quiet), () => Run(parse, cancel))));
        return command;
    }

    private int Run(ParseResult parse, CancellationToken cancel)
    {
        var dataset = parse.GetValue(_dataset)!;
        var root = parse.GetValue(_zoo) is { } z ? Path.GetFullPath(z) : ModelZoo.Root();
        if (!ModelZoo.Exists(dataset, root))
            throw new UsageException($"there is no {dataset} zoo ({Path.Combine(root, dataset, ZooManifest.FileName)}): the zoos with manifests are " +
                string.Join(", ", DatasetNames.Where(d => ModelZoo.Exists(d, root))) + "; a zoo.json lists each model with its robustnb train recipe");
        var quick = parse.GetValue(_quick);
        var options = new ReplicationOptions
        {
            Dataset = dataset,
            Quick = quick,
            Budget = StrongBudget.Named[parse.GetValue(_budget)!],
            Defenses = parse.GetValue(_defenses),
            Limit = parse.GetValue(_limit),
            Output = Path.GetFullPath(parse.GetValue(_out)!),
            Device = parse.GetValue(_device)!,
            Seed = parse.GetValue(_seed),
            // Not given, System.CommandLine answers an empty array for an array option: the data set's ε then.
            Eps = parse.GetValue(_eps) is { Length: > 0 } eps ? eps : null,
            ZooRoot = root,
            Resume = parse.GetValue(_resume),
            Command = "./robustnb " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            Commit = ZooCommand.Commit(),
        };
        var replicator = new Replicator(options, new ProtocolSuite(options.Seed, budget: options.Budget))
        {
            Train = parse.GetValue(_train) ? (model, run, from, _) => TrainModel(model, run, from, quick, options.Device) : null,
        };
        var result = replicator.Run(cancel);
        Summarize(result);
        return 0;
    }

    // Through the train verb itself, so --train runs exactly the recipe ./robustnb zoo train would.
    private static void TrainModel(ZooModel model, string run, string? from, bool quick, string device)
    {
        var args = model.TrainArguments(run, from).ToList();
        if (quick)
        {
            // Every recipe states its epochs and some their images; train takes an option once, so replace them.
            SetOption(args, "--limit", "1000");
            SetOption(args, "--epochs", "1");
        }
        args.AddRange(["--device", device]);
        if (RunCheckpoint.Exists(run))
        {
            var info = RunCheckpoint.ReadInfo(run);
            if (info.CompletedEpochs >= info.Config.Epochs) return;
            args.Add("--resume");
        }
        var exit = RobustnbCli.Run([.. args]);
        if (exit != 0) throw new InvalidOperationException($"robustnb {string.Join(' ', args)} exited with {exit}");
    }

    private static void SetOption(List<string> args, string option, string value)
    {
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
    }

    private static void Summarize(ReplicationResult r)
    {
        Console.WriteLine();
        Console.WriteLine($"== {r.DatasetName}: robust accuracy (%) on {r.Options.Samples} test images; paper protocol | strong protocol worst case ({r.Options.Budget.Name} budget)");
        foreach (var eps in r.Eps)
        {
            Console.WriteLine($"ε = {eps.ToString("0.####", CultureInfo.InvariantCulture)}");
            var paperAttacks = r.Results?.Rows.Where(x => x.Protocol == Protocols.Paper && x.Eps == eps && x.IsAttack).Select(x => x.Attack).Distinct().ToList() ?? [];
            // Each attack's column as wide as its name ("BIM-10 from substitute"), at least 6.
            string Column(string attack, string text) => text.PadLeft(Math.Max(6, attack.Length));
            Console.WriteLine($"  {"model",-22} {"clean",6} " + string.Join(" ", paperAttacks.Select(a => Column(a, a))) + $" {"paper",6} | {"strong",6}");
            foreach (var m in r.Models.Where(m => m.Entry.Role.IsTableRow()))
            {
                if (m.IsMissing) { Console.WriteLine($"  {m.Entry.Name,-22} MISSING: {m.Reason}"); continue; }
                string Acc(string protocol, string attack) => r.Results!.Rows.FirstOrDefault(x => x.Model == m.Entry.Name && x.Protocol == protocol && x.Attack == attack && (attack == ResultRow.Clean || x.Eps == eps)) is { } row
                    ? (100 * row.Accuracy).ToString("0.0", CultureInfo.InvariantCulture) : "—";
                Console.WriteLine($"  {m.Entry.Name,-22} {Acc(Protocols.Paper, ResultRow.Clean),6} " + string.Join(" ", paperAttacks.Select(a => Column(a, Acc(Protocols.Paper, a)))) +
                                  $" {Acc(Protocols.Paper, ResultRow.WorstCase),6} | {Acc(Protocols.Strong, ResultRow.WorstCase),6}");
            }
        }
        var flags = r.Results?.Flags ?? [];
        Console.WriteLine($"{flags.Count} audit flag(s){(flags.Count > 0 ? ":" : "")}");
        foreach (var f in flags) Console.WriteLine($"  [{f.Kind}] {f.Model}: {f.Message}");
        if (r.Missing.Any()) Console.WriteLine($"missing models ({r.Missing.Count()}): {string.Join(", ", r.Missing.Select(m => m.Entry.Name))}");
        Console.WriteLine($"report: {Path.Combine(r.Options.Output, ReplicationResult.ReportFile)}; results: {Path.Combine(r.Options.Output, EvaluationResults.CsvFile)}, {EvaluationResults.JsonFile}, {ReplicationResult.ProvenanceFile} ({r.ElapsedSeconds:0} s)");
    }
}
