using RobustNotebooks.Models;

namespace RobustNotebooks.Evaluation;

/// <summary>The attacks to run on one model: its tasks (protocol × ε).</summary>
public sealed record ModelPlan(EvaluatedModel Model, IReadOnlyList<EvaluationTask> Tasks);

/// <summary>Everything an evaluation runs: which models, which samples of which data set, which tasks
/// per model, in batches of <see cref="BatchSize"/>. <see cref="Info"/> is its serialisable description,
/// which resume and merge compare.</summary>
public sealed class EvaluationPlan
{
    public EvaluationPlan(string dataset, SampleSelection samples, IReadOnlyList<ModelPlan> models, int batchSize = 250, long seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (models.Count == 0) throw new ArgumentException("the plan has no model", nameof(models));
        foreach (var m in models)
        {
            if (m.Model.Name.Length == 0 || m.Model.Name.IndexOfAny([',', '\n', '\r', '"']) >= 0)
                throw new ArgumentException($"model name '{m.Model.Name}' must be non-empty without commas, quotes or line breaks (it is a CSV field)", nameof(models));
            var twice = m.Tasks.GroupBy(t => (t.Protocol, t.Eps)).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw new ArgumentException($"model {m.Model.Name} has two {twice.Key.Protocol} tasks at ε={twice.Key.Eps}", nameof(models));
        }
        var dup = models.GroupBy(m => m.Model.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"two models are named '{dup.Key}'; names identify rows of the results", nameof(models));
        Dataset = dataset;
        Samples = samples;
        Models = models;
        BatchSize = batchSize;
        Seed = seed;
    }

    public string Dataset { get; }
    public SampleSelection Samples { get; }
    public IReadOnlyList<ModelPlan> Models { get; }
    public int BatchSize { get; }

    /// <summary>Part of every task's identity (<see cref="TaskIdentity"/>), from which the libtorch seed set
    /// before each attack call derives, so attacks drawing from the global generator repeat exactly on resume,
    /// in shards and in any other plan that holds the same task.</summary>
    public long Seed { get; }

    public int BatchCount => Samples.BatchCount(BatchSize);

    public PlanInfo Info() => new(
        Dataset, Samples.Description, Samples.ToRanges(), Samples.Count, BatchSize, Seed,
        Models.Select(m => new ModelInfo(m.Model.Name, m.Model.Sha256, m.Model.Source,
            m.Tasks.Select(t => new TaskInfo(t.Protocol, t.Eps, t.Mode,
                t.Attacks.Select(a => new AttackInfo(a.Name, a.Family, a.VariantOf, a.CraftOn?.Name, a.Attack.Seed,
                    new SortedDictionary<string, string>(a.Attack.Settings.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
                    a.CraftOn?.Sha256)).ToList())).ToList(),
            DefenseOf(m.Model.Model))).ToList(),
        TaskIdentity.Seeding);

    // The transformations an input goes through before the weights, outermost first.
    private static string? DefenseOf(FeatureClassifier model)
    {
        var names = new List<string>();
        for (var m = model; m is TransformedClassifier t; m = t.Inner) names.Add(t.Transform.Name);
        return names.Count == 0 ? null : string.Join(" then ", names);
    }
}
