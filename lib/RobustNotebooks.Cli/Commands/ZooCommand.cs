using System.CommandLine;
using System.Diagnostics;
using RobustNotebooks.Data;
using RobustNotebooks.Training;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb zoo</c>: the trained models the lessons and the replication use, one sub-verb each.</summary>
public sealed class ZooCommand : IVerb
{
    public Command Create() => new("zoo", "the model zoo: list (recipes and status), verify (hashes and size), train NAME (from scratch), ship NAME --run DIR");

    internal static Option<string> DatasetOption() =>
        CliOption.Parsed("--dataset", "the zoo of this data set (a folder of the zoo root holding zoo.json)", "fmnist", text =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? text : throw new FormatException($"'{text}' is not a data set name"), "DATASET");

    internal static Option<string?> RootOption() =>
        CliOption.Text("--zoo", $"zoo root [default: ${ModelZoo.EnvironmentVariable}, else zoo/ of the checkout]", helpName: "DIR");

    internal static ModelZoo Open(ParseResult parse, Option<string> dataset, Option<string?> root) =>
        ModelZoo.Open(parse.GetValue(dataset)!, parse.GetValue(root) is { } r ? Path.GetFullPath(r) : null);

    /// <summary>Whether this build's <c>train</c> verb accepts a model's recipe, and why not.</summary>
    public static string? RecipeProblem(ZooModel model)
    {
        try { TrainCommand.ConfigOf(model.Train); return null; }
        catch (UsageException e)
        {
            // An option this build lacks drags its value along as a second error; name the options alone.
            var unknown = model.Train.Where(a => a.StartsWith("--", StringComparison.Ordinal) && e.Message.Contains($"'{a}'")).ToList();
            return unknown.Count > 0 ? $"unknown option(s) {string.Join(", ", unknown)}" : e.Message;
        }
    }

    /// <summary>The checkout's commit (with "-dirty" when tracked files outside zoo/ changed), for provenance.</summary>
    internal static string Commit()
    {
        var repository = DataRoot.FindRepositoryRoot();
        if (repository is null) return "unknown (not run from a checkout)";
        var head = Git(repository, "rev-parse HEAD");
        if (head is null) return "unknown (git failed)";
        var status = Git(repository, "status --porcelain --untracked-files=no -- . :!zoo");
        return string.IsNullOrWhiteSpace(status) ? head : head + "-dirty";
    }

    private static string? Git(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", $"-C \"{directory}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>The data set a zoo trains on, loaded (test split) for the clean-accuracy check.</summary>
    internal static (ImageSet Like, TensorImageSet Test) TestSet(ModelZoo zoo)
    {
        var info = Trainer.ResolveDataset(zoo.Manifest.Dataset);
        var set = Datasets.LoadOrPrepare(info.Id, DataSplit.Test, Console.Out);
        return (set, TensorImageSet.From(set));
    }

    /// <summary>Ships a finished run as zoo model <paramref name="model"/> after checking it was trained with
    /// the model's recipe (same settings as its train arguments, apart from where it ran).</summary>
    internal static ZooModel Ship(ModelZoo zoo, ZooModel model, string runDirectory)
    {
        var recipe = TrainCommand.ConfigOf(model.Train);
        var run = RunCheckpoint.ReadInfo(runDirectory).Config;
        if (Comparable(recipe) != Comparable(run))
            throw new InvalidOperationException($"{runDirectory} was not trained with zoo model {model.Name}'s recipe: it ran {System.Text.Json.JsonSerializer.Serialize(Comparable(run))}, the recipe is {System.Text.Json.JsonSerializer.Serialize(Comparable(recipe))}");
        var from = model.From is null ? null : zoo.ModelDirectory(model.From);
        var (like, test) = TestSet(zoo);
        using (test) return zoo.Ship(model.Name, runDirectory, model.CommandText(FromRepository(runDirectory), from is null ? null : FromRepository(from)), Commit(), test, like);
    }

    // The recorded command runs from the repository's root, on any clone.
    private static string FromRepository(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Data.DataRoot.FindRepositoryRoot();
        return root is not null && full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(root, full) : full;
    }

    // Where a run ran (its folders, its device) does not change what it learns.
    private static TrainConfig Comparable(TrainConfig c) => c with { From = null, Device = "cpu" };
}
