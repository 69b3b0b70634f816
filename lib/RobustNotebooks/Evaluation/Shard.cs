using System.Globalization;

namespace RobustNotebooks.Evaluation;

/// <summary>One of <see cref="Count"/> slices of an evaluation's batches (0-based <see cref="Index"/>,
/// Kubernetes' and GNU split's convention; a Slurm array can pass $SLURM_ARRAY_TASK_ID with --array=0-(n-1)).
/// Shard i takes a contiguous run of whole batches, so every batch is computed exactly as in the
/// unsharded run and merged shards give the same numbers.</summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Whole { get; } = new(0, 1);

    public bool IsWhole => Count == 1;

    /// <summary>Parses "i/n" with 0 ≤ i &lt; n.</summary>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i < n)
            return new(i, n);
        throw new FormatException($"shard '{text}' must be i/n with 0 ≤ i < n, e.g. 0/4 … 3/4");
    }

    /// <summary>The batches of this shard among <paramref name="batchCount"/>: [start, end).</summary>
    public (int Start, int End) Batches(int batchCount) =>
        ((int)((long)batchCount * Index / Count), (int)((long)batchCount * (Index + 1) / Count));

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>The folder name a shard's output gets under the evaluation's output directory.</summary>
    public string FolderName => $"shard-{Index}-of-{Count}";
}
