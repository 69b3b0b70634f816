using RobustNotebooks.Models;

namespace RobustNotebooks.Defenses;

/// <summary>Which stages of a model get a feature-denoising block and of what kind, parsed from the
/// command-line form "STAGE[,STAGE...][:KIND]" with KIND nonlocal-gaussian (default), nonlocal-dot,
/// mean or median; several groups are joined by ';' ("stage1:mean;stage2,stage3:nonlocal-gaussian").
/// <see cref="Factory"/> builds the blocks while the model is built (ModelCatalog.Create's afterStage);
/// <see cref="EnsureApplied"/> then checks that the model had every stage named.</summary>
public sealed class FeatureDenoising
{
    private static readonly Dictionary<string, DenoisingOperation> KindNames = new()
    {
        ["nonlocal-gaussian"] = DenoisingOperation.NonLocalGaussian,
        ["nonlocal-dot"] = DenoisingOperation.NonLocalDot,
        ["mean"] = DenoisingOperation.Mean,
        ["median"] = DenoisingOperation.Median,
    };

    private readonly HashSet<string> applied = new();

    public FeatureDenoising(IReadOnlyDictionary<string, DenoisingOperation> stages)
    {
        if (stages.Count == 0) throw new ArgumentException("name at least one stage to denoise", nameof(stages));
        Stages = stages;
    }

    public IReadOnlyDictionary<string, DenoisingOperation> Stages { get; }

    public static IReadOnlyList<string> Kinds => KindNames.Keys.ToList();

    public static string KindName(DenoisingOperation operation) => KindNames.First(kv => kv.Value == operation).Key;

    public static FeatureDenoising Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new FormatException("a denoising spec names stages and a kind, e.g. stage2,stage3:nonlocal-gaussian");
        var stages = new Dictionary<string, DenoisingOperation>();
        foreach (var group in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = group.LastIndexOf(':');
            var kindName = colon < 0 ? "nonlocal-gaussian" : group[(colon + 1)..].Trim().ToLowerInvariant();
            if (!KindNames.TryGetValue(kindName, out var kind))
                throw new FormatException($"'{group}': unknown denoising kind '{kindName}'; known: {string.Join(", ", KindNames.Keys)}");
            var names = (colon < 0 ? group : group[..colon]).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new FormatException($"'{group}': name the stages to denoise before ':', e.g. stage2,stage3:{kindName}");
            foreach (var name in names)
                if (!stages.TryAdd(name, kind)) throw new FormatException($"'{spec}': stage '{name}' is named twice");
        }
        return new FeatureDenoising(stages);
    }

    /// <summary>The canonical text form (Parse gives this object back).</summary>
    public override string ToString() => string.Join(";", Stages.GroupBy(s => s.Value)
        .Select(g => string.Join(",", g.Select(s => s.Key)) + ":" + KindName(g.Key)));

    public StageBlockFactory Factory => (stage, channels) =>
    {
        if (!Stages.TryGetValue(stage, out var operation)) return null;
        applied.Add(stage);
        return new FeatureDenoisingBlock(channels, operation);
    };

    /// <summary>Throws when a named stage was not offered by the model built with <see cref="Factory"/>.</summary>
    public void EnsureApplied(FeatureClassifier model)
    {
        var missing = Stages.Keys.Where(s => !applied.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the model has no stage {string.Join(", ", missing.Select(m => $"'{m}'"))} to denoise; its stages: {string.Join(", ", model.FeatureNames.Where(n => n.StartsWith("stage") || n.StartsWith("layer")))}");
    }
}
