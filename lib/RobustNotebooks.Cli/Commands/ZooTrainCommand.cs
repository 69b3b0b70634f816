using System.CommandLine;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb zoo train NAME</c>: retrains one zoo model from scratch with its recipe (starting from
/// the zoo's copy of the model it builds on), then ships it into the zoo with its provenance.</summary>
public sealed class ZooTrainCommand : IVerb
{
    private readonly Argument<string> _name = new("NAME") { Description = "the zoo model (see robustnb zoo list)" };
    private readonly Option<string> _dataset = ZooCommand.DatasetOption();
    private readonly Option<string?> _root = ZooCommand.RootOption();
    private readonly Option<string?> _out = CliOption.Text("--out", "the training run directory [default: out/zoo/DATASET/NAME]", helpName: "DIR");
    private readonly Option<bool> _resume = CliOption.Flag("--resume", "continue an interrupted training run in --out");
    private readonly Option<bool> _noShip = CliOption.Flag("--no-ship", "train only; leave the zoo as it is");
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public string Parent => "zoo";

    public Command Create()
    {
        var command = new Command("train", "retrain one zoo model from scratch with its recipe and ship it into the zoo")
            { _name, _dataset, _root, _out, _resume, _noShip, _quiet };
        // The train verb it runs keeps this verb's progress display (or its silence).
        command.SetAction(parse => Interruption.Run(_ => CliProgress.Run(parse.GetValue(_quiet), () => Run(parse))));
        return command;
    }

    private int Run(ParseResult parse)
    {
        var zoo = ZooCommand.Open(parse, _dataset, _root);
        var model = zoo.Manifest[parse.GetValue(_name)!];
        string? from = null;
        if (model.From is not null)
        {
            if (!zoo.IsAvailable(model.From))
                throw new InvalidOperationException($"{model.Name} starts from {model.From}, which is not in the zoo ({string.Join("; ", zoo.Problems(model.From))}); run: ./robustnb zoo train {model.From}");
            from = zoo.ModelDirectory(model.From);
        }
        var run = Path.GetFullPath(parse.GetValue(_out) ?? Path.Combine("out", "zoo", zoo.Manifest.Dataset, model.Name));
        var args = model.TrainArguments(run, from).ToList();
        if (parse.GetValue(_resume)) args.Add("--resume");
        Console.WriteLine($"zoo train {model.Name}: {model.CommandText(run, from)}");
        var exit = RobustnbCli.Run([.. args]);
        if (exit != 0) return exit;
        if (parse.GetValue(_noShip)) return 0;
        var shipped = ZooCommand.Ship(zoo, model, run);
        Console.WriteLine($"shipped {model.Name} into {zoo.ModelDirectory(model.Name)}: clean {shipped.Shipped!.Check.Correct}/{shipped.Shipped.Check.Samples} on the check slice, model SHA-256 {shipped.Shipped.Files[Training.RunCheckpoint.ModelFile]}");
        return 0;
    }
}
