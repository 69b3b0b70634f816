using System.CommandLine;
using System.Globalization;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb zoo list</c>: every model of a zoo, its recipe, and whether it is shipped and intact.</summary>
public sealed class ZooListCommand : IVerb
{
    private readonly Option<string> _dataset = ZooCommand.DatasetOption();
    private readonly Option<string?> _root = ZooCommand.RootOption();

    public string Parent => "zoo";

    public Command Create()
    {
        var command = new Command("list", "the zoo's models: table, recipe (robustnb train arguments), shipped or missing, clean accuracy") { _dataset, _root };
        command.SetAction(parse =>
        {
            var zoo = ZooCommand.Open(parse, _dataset, _root);
            Console.WriteLine($"{zoo.Manifest.Dataset} zoo: {zoo.Directory} ({zoo.ShippedBytes() / 1e6:F1} MB shipped of a {zoo.Manifest.BudgetBytes / 1e6:F1} MB budget)");
            foreach (var m in zoo.Manifest.Models)
            {
                var problems = zoo.Problems(m.Name);
                var state = m.Shipped is { } s
                    ? problems.Count == 0
                        ? $"shipped: test accuracy {s.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture)}, check {s.Check.Correct}/{s.Check.Samples}, commit {s.Commit[..Math.Min(12, s.Commit.Length)]}"
                        : $"DAMAGED: {string.Join("; ", problems)}"
                    : "missing (not trained yet)";
                Console.WriteLine($"  {m.Name,-22} {m.Role.ToString().ToLowerInvariant(),-10} {m.Label}");
                Console.WriteLine($"      {state}");
                Console.WriteLine($"      recipe: {m.CommandText($"out/zoo/{zoo.Manifest.Dataset}/{m.Name}", m.From is null ? null : $"zoo/{zoo.Manifest.Dataset}/{m.From}")}");
                if (ZooCommand.RecipeProblem(m) is { } problem) Console.WriteLine($"      this build's train verb rejects the recipe: {problem}");
            }
            return 0;
        });
        return command;
    }
}
