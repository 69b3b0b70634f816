using System.Globalization;

namespace RobustNotebooks.Zoo;

/// <summary>One model of a zoo: its name (the model column of the results), the table it belongs to, and
/// the exact <c>robustnb train</c> arguments that make it (without <c>--out</c> and <c>--from</c>, which the
/// zoo supplies: <see cref="From"/> names the zoo model whose weights it starts from).</summary>
/// <param name="Label">the row label of the paper's tables ("Softmax", "Ours", "Ours + AdvTrain", ...)</param>
/// <param name="Shipped">null until the model is trained and its files are in the zoo</param>
public sealed record ZooModel(string Name, ZooRole Role, string Label, string Description, string? From,
    IReadOnlyList<string> Train, long Seed, int Epochs, ZooProvenance? Shipped = null)
{
    /// <summary>The arguments of <c>robustnb train</c> for this model into <paramref name="runDirectory"/>.</summary>
    public IReadOnlyList<string> TrainArguments(string runDirectory, string? fromDirectory)
    {
        if (From is not null && fromDirectory is null)
            throw new ArgumentException($"zoo model {Name} starts from {From}: give that model's directory", nameof(fromDirectory));
        var args = new List<string> { "train" };
        args.AddRange(Train);
        args.AddRange(["--out", runDirectory]);
        if (From is not null) args.AddRange(["--from", fromDirectory!]);
        return args;
    }

    /// <summary>The command line as a person types it (arguments with spaces quoted).</summary>
    public string CommandText(string runDirectory, string? fromDirectory) =>
        "./robustnb " + string.Join(' ', TrainArguments(runDirectory, fromDirectory).Select(a => a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));

    internal void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny([',', '"', '\n', '\r', '/', '\\', ' ']) >= 0)
            throw new System.IO.InvalidDataException($"{path}: model name '{Name}' must be a non-empty word without commas, quotes, slashes or spaces (it names a folder and a CSV field)");
        if (Train is null || Train.Count == 0) throw new System.IO.InvalidDataException($"{path}: model {Name} has no 'train' arguments");
        foreach (var reserved in new[] { "--out", "--from", "--resume" })
            if (Train.Contains(reserved))
                throw new System.IO.InvalidDataException($"{path}: model {Name}: 'train' must not contain {reserved} (the zoo supplies it)");
        CheckStated(path, "--seed", Seed.ToString(CultureInfo.InvariantCulture));
        CheckStated(path, "--epochs", Epochs.ToString(CultureInfo.InvariantCulture));
    }

    // The seed and epochs are recorded twice (for people, and in the arguments that actually train): they must agree.
    private void CheckStated(string path, string option, string expected)
    {
        var i = Train.ToList().LastIndexOf(option);
        if (i < 0 || i + 1 >= Train.Count)
            throw new System.IO.InvalidDataException($"{path}: model {Name}: 'train' must state {option} {expected}");
        if (Train[i + 1] != expected)
            throw new System.IO.InvalidDataException($"{path}: model {Name}: 'train' says {option} {Train[i + 1]}, the manifest {expected}");
    }
}
