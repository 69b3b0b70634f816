using System.CommandLine;
using RobustNotebooks.Data;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data list</c>: each data set's files, checked against the manifest; exit 1 when one is damaged.</summary>
public sealed class DataListCommand : IVerb
{
    private readonly Option<string?> _root = DataCommand.RootOption();
    private readonly Option<bool> _noVerify = CliOption.Flag("--no-verify", "check sizes only, not checksums (faster)");

    public string Parent => "data";

    public Command Create()
    {
        var command = new Command("list", "which data sets are installed, where, and what is missing or damaged") { _root, _noVerify };
        command.SetAction(parse =>
        {
            var root = DataCommand.Root(parse, _root);
            Console.WriteLine($"data root: {root}");
            return List(root, verify: !parse.GetValue(_noVerify));
        });
        return command;
    }

    internal static int List(string root, bool verify)
    {
        bool damaged = false;
        foreach (var info in DatasetCatalog.All)
        {
            var status = DatasetStatus.Check(info, root, verify);
            damaged |= status.Damaged;
            Console.WriteLine($"{info.Id,-14} {info.Name,-14} {status.Summary}");
            var missing = status.Files.Where(f => f.State == DatasetStatus.FileState.Missing).ToList();
            if (missing.Count == status.Files.Count && info.Archive is not null)
                // One archive brings them all: name the folder and files once rather than a line per file.
                Console.WriteLine($"    put {string.Join(", ", missing.Select(f => f.File.Name))} in {Path.Combine(root, info.Folder)}");
            else
                foreach (var f in missing) Console.WriteLine($"    missing  {f.Path}: get it from {f.File.Source}");
            foreach (var f in status.Files.Where(f => f.State == DatasetStatus.FileState.Mismatch))
                Console.WriteLine($"    damaged  {f.Path}: {f.Detail}");
            if (!status.Complete && info.Archive is not null) Console.WriteLine($"    official download: {info.Archive}");
        }
        return damaged ? 1 : 0;
    }
}
