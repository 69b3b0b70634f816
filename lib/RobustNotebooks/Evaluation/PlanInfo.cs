using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RobustNotebooks.Evaluation;

/// <summary>An attack as results record it: its name, family, settings and seed; a transfer attack also the
/// model it is crafted on and that model's SHA-256 (written only when there is one, so plans without a
/// transfer attack keep the fingerprints they had before it was recorded).</summary>
public sealed record AttackInfo(string Name, AttackFamily Family, string? VariantOf, string? CraftOn, long Seed,
    IReadOnlyDictionary<string, string> Settings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CraftOnSha256 = null);

public sealed record TaskInfo(string Protocol, double Eps, CompositionMode Mode, IReadOnlyList<AttackInfo> Attacks);

/// <param name="Defense">the input transformations in front of the weights (e.g. "jpeg:75"), outermost first;
/// written only when there are some, so the weights alone and the weights behind a defense never share a
/// fingerprint, and plans without one keep theirs</param>
public sealed record ModelInfo(string Name, string? Sha256, string? Source, IReadOnlyList<TaskInfo> Tasks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Defense = null);

/// <summary>The serialisable description of an <see cref="EvaluationPlan"/>: what was attacked, how, on
/// which samples (<see cref="SampleRanges"/> in <see cref="SampleSelection.ToRanges"/> form). Two runs
/// with equal fingerprints compute the same batches.</summary>
/// <param name="Seeding">how the attacks' seeds were derived: <see cref="TaskIdentity.Seeding"/>, or null in
/// plans from before seeds named the task rather than its position in the plan</param>
public sealed record PlanInfo(string Dataset, string SampleDescription, string SampleRanges, int SampleCount, int BatchSize,
    long Seed, IReadOnlyList<ModelInfo> Models,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seeding = null)
{
    public int BatchCount => (SampleCount + BatchSize - 1) / BatchSize;

    public SampleSelection Samples() => SampleSelection.FromRanges(SampleRanges, SampleDescription);

    /// <summary>SHA-256 of the canonical JSON of the plan, less where each model's weights were read from:
    /// their SHA-256 names them, so an evaluation resumes and merges in a checkout cloned to another path.</summary>
    public string Fingerprint()
    {
        var located = this with { Models = [.. Models.Select(m => m with { Source = null })] };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(located, EvaluationJson.Options))));
    }
}
