using System.Diagnostics;
using System.Text.Json;
using RobustNotebooks.Data;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Replication;

/// <summary>The replication: takes a data set's zoo models (or trains the missing ones through
/// <see cref="Train"/>), evaluates them under the paper and the strong protocol with the
/// <see cref="Evaluator"/>, draws the feature space of softmax against PCL, and writes results.csv,
/// results.json, replication.json and report.html into the output folder.</summary>
public sealed class Replicator
{
    public Replicator(ReplicationOptions options, IReplicationSuite suite, TextWriter? log = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Suite = suite ?? throw new ArgumentNullException(nameof(suite));
        Log = log ?? Console.Out;
    }

    public ReplicationOptions Options { get; }
    public IReplicationSuite Suite { get; }
    public TextWriter Log { get; }

    /// <summary>Where the evaluation reports progress; null: the ambient sink (<see cref="AmbientProgress"/>),
    /// else plain lines on <see cref="Log"/>. Training missing models reports through <see cref="Train"/>.</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    /// <summary>Trains a zoo model that the zoo lacks into a run directory (arguments: the model, the run
    /// directory, the directory of the model it starts from or null); null: missing models stay missing.</summary>
    public Action<ZooModel, string, string?, CancellationToken>? Train { get; init; }

    public ReplicationResult Run(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var zoo = ModelZoo.Open(Options.Dataset, Options.ZooRoot);
        var info = Trainer.ResolveDataset(zoo.Manifest.Dataset);
        var device = Device.Parse(Options.Device);
        var testSet = Datasets.LoadOrPrepare(info.Id, DataSplit.Test, Log);
        using var test = TensorImageSet.From(testSet, device);
        var samples = SampleSelection.First(test.Count, Options.Samples);
        var eps = Options.Eps ?? (Options.Quick ? Protocols.DefaultEps(info.Id).Take(1).ToList() : Protocols.DefaultEps(info.Id));
        Directory.CreateDirectory(Options.Output);
        var entries = zoo.Manifest.Models.Where(m => Options.Defenses || m.Role != ZooRole.Defense).ToList();
        var skipped = zoo.Manifest.Models.Count - entries.Count;
        Log.WriteLine($"replicating on {info.Name}: {samples.Description} test images, ε {string.Join(", ", eps.Select(E))}, {entries.Count} zoo models, " +
                      $"strong protocol at the {Options.Budget.Name} budget ({Options.Budget.Description}), device {device}");
        if (skipped > 0) Log.WriteLine($"  left out: {skipped} zoo model(s) of the seed article's defenses (add --defenses to evaluate them too)");

        var loaded = new List<(ReplicatedModel Status, RunModel? Run)>();
        try
        {
            foreach (var entry in entries)
            {
                cancellation.ThrowIfCancellationRequested();
                loaded.Add(Acquire(zoo, entry, loaded, testSet, device, cancellation));
            }
            var models = loaded.Select(l => l.Status).ToList();
            foreach (var m in models.Where(m => m.IsMissing))
                Log.WriteLine($"  MISSING {m.Entry.Name} ({m.Entry.Label}): {m.Reason}");

            var evaluated = loaded.Where(l => l.Run is not null).ToDictionary(l => l.Status.Entry.Name, l => ToEvaluated(l.Status, l.Run!));
            var substitute = loaded.FirstOrDefault(l => l.Run is not null && l.Status.Entry.Role == ZooRole.Substitute);
            var substituteModel = substitute.Run is null ? null : evaluated[substitute.Status.Entry.Name];
            var plans = loaded.Where(l => l.Run is not null && l.Status.Entry.Role.IsTableRow())
                .Select(l => new ModelPlan(evaluated[l.Status.Entry.Name], Suite.Tasks(evaluated[l.Status.Entry.Name], substituteModel, eps)))
                .ToList();

            EvaluationResults? results = null;
            if (plans.Count > 0)
            {
                var plan = new EvaluationPlan(info.Id, samples, plans, Options.BatchSize, Options.Seed);
                var evaluator = new Evaluator(plan)
                {
                    OutputDirectory = Options.Output,
                    Resume = Options.Resume,
                    Progress = AmbientProgress.Choose(Progress, new ProgressLog(Log)),
                };
                results = evaluator.Run(test, cancellation);
            }
            else Log.WriteLine("  no zoo model could be evaluated: the report lists what is missing");

            var features = FeaturePictures(loaded, test, samples.Count, cancellation);
            var result = new ReplicationResult(Options, info.Name, testSet.ClassNames, eps, models, results, features,
                Trainer.Versions(), clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow);
            WriteProvenance(result);
            ReplicationReport.Write(result, Path.Combine(Options.Output, ReplicationResult.ReportFile));
            return result;
        }
        finally
        {
            foreach (var (_, run) in loaded) run?.Dispose();
        }
    }

    private (ReplicatedModel, RunModel?) Acquire(ModelZoo zoo, ZooModel entry, List<(ReplicatedModel Status, RunModel? Run)> earlier,
        ImageSet like, Device device, CancellationToken cancellation)
    {
        if (zoo.IsAvailable(entry.Name))
        {
            var run = zoo.Load(entry.Name, like, device);
            var recorded = entry.Shipped!.TestAccuracy;
            Log.WriteLine($"  {entry.Name,-22} from the zoo (SHA-256 {run.Sha256[..12]}…, recorded test accuracy {recorded:P2})");
            return (new ReplicatedModel(entry, ReplicatedModel.FromZoo, zoo.ModelDirectory(entry.Name), run.Sha256, null, recorded), run);
        }
        var problems = string.Join("; ", zoo.Problems(entry.Name));
        if (Train is null)
            return (new ReplicatedModel(entry, ReplicatedModel.Missing, null, null, $"{problems}; or run replicate with --train"), null);
        string? from = null;
        if (entry.From is not null)
        {
            var source = earlier.FirstOrDefault(e => e.Status.Entry.Name == entry.From).Status;
            if (source is null || source.IsMissing)
                return (new ReplicatedModel(entry, ReplicatedModel.Missing, null, null, $"it starts from {entry.From}, which is missing"), null);
            from = source.Source;
        }
        var runDirectory = Path.GetFullPath(Path.Combine(Options.Output, "train", entry.Name));
        Log.WriteLine($"  {entry.Name,-22} not in the zoo ({problems}): training it into {runDirectory}");
        try
        {
            Train(entry, runDirectory, from, cancellation);
            var trained = RunModel.Load(runDirectory, like.ClassCount, like.Channels, like.Height, device);
            var accuracy = RunCheckpoint.ReadInfo(runDirectory).Metrics[^1].TestAccuracy;
            Log.WriteLine($"  {entry.Name,-22} trained (SHA-256 {trained.Sha256[..12]}…, test accuracy {accuracy:P2})");
            return (new ReplicatedModel(entry, ReplicatedModel.Trained, runDirectory, trained.Sha256, null, accuracy), trained);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.WriteLine($"  training {entry.Name} failed: {e.Message}");
            return (new ReplicatedModel(entry, ReplicatedModel.Missing, null, null, $"training failed: {e.Message}"), null);
        }
    }

    private static EvaluatedModel ToEvaluated(ReplicatedModel status, RunModel run) =>
        new(status.Entry.Name, run.Model, run.Sha256, status.Source, run.Pcl);

    // Softmax against PCL, as the paper's Fig. 1: the first model of each loss among the 2-D picture models,
    // else among the main table's (their 128-D features then drawn on two principal axes).
    private List<FeaturePicture> FeaturePictures(List<(ReplicatedModel Status, RunModel? Run)> loaded, TensorImageSet test, int samples,
        CancellationToken cancellation)
    {
        var pictures = new List<FeaturePicture>();
        var drawn = loaded.Where(l => l.Run is not null && l.Status.Entry.Role == ZooRole.Picture).ToList();
        if (drawn.Count == 0) drawn = loaded.Where(l => l.Run is not null && l.Status.Entry.Role == ZooRole.Main).ToList();
        foreach (var (status, run) in new[] { drawn.FirstOrDefault(l => !l.Run!.Config.IsPcl), drawn.FirstOrDefault(l => l.Run!.Config.IsPcl) })
        {
            if (run is null) continue;
            cancellation.ThrowIfCancellationRequested();
            const string layer = "penultimate";
            if (!run.Model.FeatureNames.Contains(layer)) continue;
            var (features, labels, predictions) = Evaluate.CollectFeatures(run.Model, new DataLoader(test, Options.BatchSize, limit: samples), layer);
            var (x, y, xTitle, yTitle) = FeatureProjection.To2D(features);
            pictures.Add(new FeaturePicture(status.Entry.Name, status.Entry.Label, x, y, xTitle, yTitle, labels, predictions));
        }
        return pictures;
    }

    private void WriteProvenance(ReplicationResult result)
    {
        var provenance = new
        {
            format = "robustnb-replication/1",
            command = Options.Command,
            commit = Options.Commit,
            dataset = result.DatasetName,
            zoo = Options.Dataset,
            samples = Options.Samples,
            eps = result.Eps,
            seed = Options.Seed,
            quick = Options.Quick,
            strong_budget = new { name = Options.Budget.Name, iterations = Options.Budget.Iterations, targets = Options.Budget.Targets, square_queries = Options.Budget.SquareQueries },
            defenses = Options.Defenses,
            device = Options.Device,
            elapsed_seconds = Math.Round(result.ElapsedSeconds, 1),
            finished = result.Finished,
            versions = result.Versions,
            models = result.Models.Select(m => new
            {
                name = m.Entry.Name, label = m.Entry.Label, role = m.Entry.Role.ToString().ToLowerInvariant(), status = m.Status,
                source = m.Source, sha256 = m.Sha256, reason = m.Reason, recipe = m.Entry.Train, from = m.Entry.From,
                test_accuracy = m.TestAccuracy,
                // The zoo's record describes the zoo's weights: a model trained for this run has its own.
                zoo_provenance = m.Status == ReplicatedModel.FromZoo ? m.Entry.Shipped : null,
            }),
        };
        var options = new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        File.WriteAllText(Path.Combine(Options.Output, ReplicationResult.ProvenanceFile), JsonSerializer.Serialize(provenance, options) + "\n");
    }

    private static string E(double eps) => eps.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
