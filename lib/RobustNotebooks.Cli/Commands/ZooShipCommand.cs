using System.CommandLine;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb zoo ship NAME --run DIR</c>: puts a finished training run into the zoo, after checking
/// that it was trained with the model's recipe (for runs started by hand or on another machine).</summary>
public sealed class ZooShipCommand : IVerb
{
    private readonly Argument<string> _name = new("NAME") { Description = "the zoo model the run is" };
    private readonly Option<string> _run = CliOption.RequiredText("--run", "the finished training run directory", "DIR");
    private readonly Option<string> _dataset = ZooCommand.DatasetOption();
    private readonly Option<string?> _root = ZooCommand.RootOption();

    public string Parent => "zoo";

    public Command Create()
    {
        var command = new Command("ship", "copy a finished run trained with a zoo model's recipe into the zoo, with its provenance") { _name, _run, _dataset, _root };
        command.SetAction(parse =>
        {
            var zoo = ZooCommand.Open(parse, _dataset, _root);
            var model = zoo.Manifest[parse.GetValue(_name)!];
            var shipped = ZooCommand.Ship(zoo, model, Path.GetFullPath(parse.GetValue(_run)!));
            Console.WriteLine($"shipped {model.Name}: clean {shipped.Shipped!.Check.Correct}/{shipped.Shipped.Check.Samples} on the check slice; provenance in {zoo.ManifestPath}");
            return 0;
        });
        return command;
    }
}
