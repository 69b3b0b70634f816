using System.Text.Json.Serialization;

namespace RobustNotebooks.Evaluation;

/// <summary>What one attack did to one batch: which points it was run on and which of them its
/// adversarials misclassify (re-checked on the evaluated model), as '0'/'1' strings over the batch.</summary>
public sealed record AttackRecord(string Name, string Attacked, string Broken, double Seconds);

/// <param name="ReadFrom">the evaluation folder (its last two parts) this task was read from instead of
/// computed (<see cref="TaskReuse"/>); null when this run computed it</param>
public sealed record TaskRecord(string Protocol, double Eps, IReadOnlyList<AttackRecord> Attacks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReadFrom = null);

/// <summary>The finished work of one batch of one model: the unit that resume skips and merge joins.</summary>
public sealed record BatchRecord(string Model, int Batch, string Clean, IReadOnlyList<TaskRecord> Tasks, double Seconds);

/// <summary>Per-example flags as compact text.</summary>
public static class Bits
{
    public static string From(IReadOnlyList<bool> flags) => string.Create(flags.Count, flags, (span, f) =>
    {
        for (int i = 0; i < span.Length; i++) span[i] = f[i] ? '1' : '0';
    });

    public static bool[] Parse(string text, string what)
    {
        var flags = new bool[text.Length];
        for (int i = 0; i < text.Length; i++)
            flags[i] = text[i] switch
            {
                '1' => true,
                '0' => false,
                _ => throw new FormatException($"{what}: per-example flags are '0'/'1' characters, found '{text[i]}' at {i}"),
            };
        return flags;
    }
}
