using RobustNotebooks.Data;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;

namespace RobustNotebooks.Zoo;

/// <summary>A data set's zoo on disk: <c>&lt;root&gt;/&lt;dataset&gt;/zoo.json</c> and one folder per shipped model
/// holding a slim run directory (model.safetensors; checkpoint.safetensors with the configuration and, for
/// PCL, the prototypes but no optimizer state; checkpoint.json; metrics.csv), so <see cref="RunModel.Load"/>
/// reads it like any training run.</summary>
public sealed class ModelZoo
{
    public const string EnvironmentVariable = "ROBUSTNB_ZOO";

    /// <summary>The files a shipped model folder holds; each is hashed into its provenance.</summary>
    public static IReadOnlyList<string> ShippedFiles { get; } =
        [RunCheckpoint.ModelFile, RunCheckpoint.StateFile, RunCheckpoint.InfoFile, MetricsFile];

    private const string MetricsFile = "metrics.csv";

    private ModelZoo(string directory, ZooManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    /// <summary>The data set's zoo folder (holding zoo.json).</summary>
    public string Directory { get; }

    public ZooManifest Manifest { get; private set; }

    public string ManifestPath => Path.Combine(Directory, ZooManifest.FileName);

    /// <summary>Where zoos live: <c>$ROBUSTNB_ZOO</c> when set, else the repository's <c>zoo/</c> folder.</summary>
    public static string Root()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var repository = DataRoot.FindRepositoryRoot()
            ?? throw new InvalidOperationException($"cannot find the model zoo: no repository above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; set {EnvironmentVariable}");
        return Path.Combine(repository, "zoo");
    }

    /// <summary>True when <paramref name="root"/> (default <see cref="Root"/>) has a manifest for the data set.</summary>
    public static bool Exists(string dataset, string? root = null) =>
        File.Exists(Path.Combine(root ?? Root(), dataset, ZooManifest.FileName));

    public static ModelZoo Open(string dataset, string? root = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        var directory = Path.Combine(root ?? Root(), dataset);
        var manifest = ZooManifest.Load(Path.Combine(directory, ZooManifest.FileName));
        if (manifest.Dataset != dataset)
            throw new InvalidDataException($"{Path.Combine(directory, ZooManifest.FileName)} describes the {manifest.Dataset} zoo, not {dataset}");
        return new ModelZoo(directory, manifest);
    }

    public string ModelDirectory(string name) => Path.Combine(Directory, Manifest[name].Name);

    /// <summary>Shipped, and every shipped file present with its recorded hash.</summary>
    public bool IsAvailable(string name) => Manifest[name].Shipped is not null && Problems(name).Count == 0;

    /// <summary>What is wrong with a shipped model's files (missing, or a hash that differs); empty when
    /// they are intact. A model not shipped has the single problem "not shipped", one whose folder is gone "its folder is absent".</summary>
    public IReadOnlyList<string> Problems(string name)
    {
        var model = Manifest[name];
        if (model.Shipped is null) return ["not shipped (train it with: ./robustnb zoo train " + name + ")"];
        if (!System.IO.Directory.Exists(ModelDirectory(name))) return [$"its folder is absent ({ModelDirectory(name)})"];
        var problems = new List<string>();
        foreach (var file in ShippedFiles)
        {
            var path = Path.Combine(ModelDirectory(name), file);
            if (!model.Shipped.Files.TryGetValue(file, out var expected)) { problems.Add($"{file}: no hash recorded"); continue; }
            if (!File.Exists(path)) { problems.Add($"{file}: missing ({path})"); continue; }
            var actual = RunModel.HashFile(path);
            if (actual != expected) problems.Add($"{file}: SHA-256 {actual}, recorded {expected}");
        }
        return problems;
    }

    /// <summary>Bytes the shipped files take together.</summary>
    public long ShippedBytes() =>
        Manifest.Models.Where(m => m.Shipped is not null)
            .SelectMany(m => ShippedFiles.Select(f => Path.Combine(ModelDirectory(m.Name), f)))
            .Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>Every problem of every shipped model, and the size budget: empty when the zoo is intact.</summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = Manifest.Models.Where(m => m.Shipped is not null)
            .SelectMany(m => Problems(m.Name).Select(p => $"{m.Name}: {p}")).ToList();
        var bytes = ShippedBytes();
        if (bytes > Manifest.BudgetBytes)
            problems.Add($"the shipped files weigh {bytes:N0} bytes, over the zoo's budget of {Manifest.BudgetBytes:N0}");
        return problems;
    }

    /// <summary>Loads a shipped model after checking its hashes.</summary>
    public RunModel Load(string name, ImageSet like, Device? device = null)
    {
        var problems = Problems(name);
        if (problems.Count > 0)
            throw new InvalidDataException($"zoo model {name} ({Manifest.Dataset}) cannot be used: {string.Join("; ", problems)}");
        return RunModel.Load(ModelDirectory(name), like.ClassCount, like.Channels, like.Height, device);
    }

    /// <summary>Clean accuracy of a model directory on the first <paramref name="samples"/> images of <paramref name="test"/>.</summary>
    public static ZooCheck CleanCheck(string modelDirectory, TensorImageSet test, ImageSet like, int samples)
    {
        using var model = RunModel.Load(modelDirectory, like.ClassCount, like.Channels, like.Height, test.Device);
        var result = Evaluate.Run(model.Model, new DataLoader(test, 250, limit: samples));
        return new ZooCheck(result.Samples, (int)Math.Round(result.Accuracy * result.Samples));
    }

    /// <summary>Copies a finished training run into the zoo as <paramref name="name"/>: the weights, a slim
    /// checkpoint (configuration and prototypes, no optimizer state), checkpoint.json and metrics.csv; measures
    /// the clean accuracy on the check slice and records the provenance in the manifest. The run's seed and
    /// epochs must be the manifest's.</summary>
    /// <param name="command">the command that trained it, as typed</param>
    /// <param name="commit">the repository commit it was trained at</param>
    /// <remarks>Another process may have shipped a model or edited the manifest while this run trained, so the
    /// manifest is read again under a lock and the provenance goes into what is on disk now, never into this
    /// object's older copy; if this model's recipe there is no longer the one this zoo was opened with, nothing
    /// is shipped.</remarks>
    public ZooModel Ship(string name, string runDirectory, string command, string commit, TensorImageSet test, ImageSet like)
    {
        using var gate = LockManifest();
        var current = ZooManifest.Load(ManifestPath);
        if (!current.Contains(name) || !SameRecipe(current[name], Manifest[name]))
            throw new InvalidOperationException(
                $"{ManifestPath}: zoo model {name}'s recipe changed since this zoo was opened (now: " +
                (current.Contains(name) ? string.Join(" ", current[name].Train) : "not listed") +
                $"); nothing was shipped. Train it again with its current recipe: robustnb zoo train {name}");
        var model = current[name];
        var info = RunCheckpoint.ReadInfo(runDirectory);
        if (info.Config.Seed != model.Seed || info.Config.Epochs != model.Epochs || info.CompletedEpochs != model.Epochs)
            throw new InvalidOperationException(
                $"{runDirectory} is a run of seed {info.Config.Seed} with {info.CompletedEpochs} of {info.Config.Epochs} epochs done; zoo model {name} is seed {model.Seed}, {model.Epochs} epochs");
        var target = ModelDirectory(name);
        var staging = target + ".staging";
        if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
        System.IO.Directory.CreateDirectory(staging);
        File.Copy(Path.Combine(runDirectory, RunCheckpoint.ModelFile), Path.Combine(staging, RunCheckpoint.ModelFile));
        File.Copy(Path.Combine(runDirectory, RunCheckpoint.InfoFile), Path.Combine(staging, RunCheckpoint.InfoFile));
        File.Copy(Path.Combine(runDirectory, MetricsFile), Path.Combine(staging, MetricsFile));
        WriteSlimCheckpoint(Path.Combine(runDirectory, RunCheckpoint.StateFile), Path.Combine(staging, RunCheckpoint.StateFile));
        var check = CleanCheck(staging, test, like, Manifest.CheckSamples);
        if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true);
        System.IO.Directory.Move(staging, target);

        var last = info.Metrics[^1];
        var shipped = new ZooProvenance(command, commit, info.Config.Seed, info.CompletedEpochs, File.GetLastWriteTimeUtc(Path.Combine(runDirectory, RunCheckpoint.StateFile)),
            info.Versions, last.TestAccuracy, last.NearestPrototypeAccuracy, last.TestSamples, info.Metrics.Sum(m => m.Seconds), check,
            ShippedFiles.ToDictionary(f => f, f => RunModel.HashFile(Path.Combine(target, f))));
        var updated = model with { Shipped = shipped };
        Manifest = current.With(updated);
        Manifest.Save(ManifestPath);
        return updated;
    }

    private static bool SameRecipe(ZooModel a, ZooModel b) =>
        a.From == b.From && a.Seed == b.Seed && a.Epochs == b.Epochs && a.Train.SequenceEqual(b.Train);

    // One process at a time reads, changes and writes the manifest; the lock file goes when its holder closes it.
    private FileStream LockManifest()
    {
        var path = ManifestPath + ".lock";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromMinutes(2)) { Thread.Sleep(100); }
        }
    }

    // Keeps what loading needs (the prototype loss's tensors and the run metadata) and drops the model copy
    // and optimizer state, which would triple the size of every shipped model.
    private static void WriteSlimCheckpoint(string source, string destination)
    {
        var (tensors, metadata) = Safetensors.Load(source);
        try
        {
            var kept = tensors.Where(kv => kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
            Safetensors.Save(destination, kept, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
