using System.CommandLine;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb zoo verify</c>: every shipped file against its recorded SHA-256, and the size budget;
/// exit 1 on any difference.</summary>
public sealed class ZooVerifyCommand : IVerb
{
    private readonly Option<string> _dataset = ZooCommand.DatasetOption();
    private readonly Option<string?> _root = ZooCommand.RootOption();

    public string Parent => "zoo";

    public Command Create()
    {
        var command = new Command("verify", "check every shipped model's files against their SHA-256 and the zoo's size budget") { _dataset, _root };
        command.SetAction(parse =>
        {
            var zoo = ZooCommand.Open(parse, _dataset, _root);
            var problems = zoo.Verify();
            var shipped = zoo.Manifest.Models.Count(m => m.Shipped is not null);
            foreach (var p in problems) Console.WriteLine($"  {p}");
            Console.WriteLine(problems.Count == 0
                ? $"{zoo.Manifest.Dataset} zoo intact: {shipped} of {zoo.Manifest.Models.Count} models shipped, hashes match, {zoo.ShippedBytes() / 1e6:F1} MB of {zoo.Manifest.BudgetBytes / 1e6:F1} MB"
                : $"{problems.Count} problem(s) in the {zoo.Manifest.Dataset} zoo");
            foreach (var m in zoo.Manifest.Models.Where(m => m.Shipped is null)) Console.WriteLine($"  not shipped: {m.Name}");
            return problems.Count == 0 ? 0 : RobustnbCli.Failure;
        });
        return command;
    }
}
