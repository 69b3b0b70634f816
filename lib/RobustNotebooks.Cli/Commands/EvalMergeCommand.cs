using System.CommandLine;
using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb eval merge DIR...</c>: joins the shards of one evaluation (each DIR a shard folder,
/// or a folder holding shard-i-of-n folders) into one results.csv and results.json.</summary>
public sealed class EvalMergeCommand : IVerb
{
    private readonly Argument<string[]> _dirs = new("DIR") { Description = "shard folders, or folders that hold shard-i-of-n folders", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string?> _out = CliOption.Text("--out", "where the merged results go [default: DIR when there is one]", helpName: "DIR");

    public string Parent => "eval";

    public Command Create()
    {
        var command = new Command("merge", "join the shards of an evaluation (eval --shard i/n) into one results.csv and results.json") { _dirs, _out };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parse)
    {
        var dirs = parse.GetValue(_dirs)!;
        var output = parse.GetValue(_out) ?? (dirs.Length == 1 ? dirs[0] : throw new UsageException("--out: several folders are merged; say where the results go"));
        var results = EvaluationResults.Merge(dirs);
        results.Write(output);
        EvalReport.Print(results, Console.Out);
        Console.WriteLine($"merged {results.Run.Shards.Count} shard(s) ({string.Join(", ", results.Run.Shards)}) into {output}");
        return 0;
    }
}
