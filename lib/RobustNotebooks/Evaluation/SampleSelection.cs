using System.Globalization;
using System.Text;
using RobustNotebooks.Data;

namespace RobustNotebooks.Evaluation;

/// <summary>Which test images an evaluation uses, by position in the test set, in evaluation order.</summary>
public sealed record SampleSelection
{
    private SampleSelection(int[] indices, string description)
    {
        Indices = indices;
        Description = description;
    }

    public IReadOnlyList<int> Indices { get; }

    /// <summary>How the indices were chosen, e.g. "first 1000 of 10000".</summary>
    public string Description { get; }

    public int Count => Indices.Count;

    /// <summary>The first <paramref name="count"/> images in order (all when null), so numbers compare
    /// across tools that take the first N.</summary>
    public static SampleSelection First(int total, int? count = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        if (count is < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the sample count must be at least 1");
        var n = Math.Min(count ?? total, total);
        return new(Enumerable.Range(0, n).ToArray(), n == total ? $"all {total}" : $"first {n} of {total}");
    }

    /// <summary><paramref name="count"/> images drawn without replacement with a seeded generator,
    /// kept in ascending order.</summary>
    public static SampleSelection Random(int total, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count > total) throw new ArgumentOutOfRangeException(nameof(count), count, $"cannot draw {count} of {total} images");
        var chosen = new DataRandom(seed).Permutation(total)[..count];
        Array.Sort(chosen);
        return new(chosen, $"random {count} of {total} (seed {seed})");
    }

    /// <summary>Explicit indices (e.g. read back from a results file).</summary>
    public static SampleSelection Of(IReadOnlyList<int> indices, string description)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("the selection is empty", nameof(indices));
        if (indices.Any(i => i < 0)) throw new ArgumentOutOfRangeException(nameof(indices), "sample indices cannot be negative");
        if (indices.Distinct().Count() != indices.Count) throw new ArgumentException("sample indices repeat", nameof(indices));
        return new(indices.ToArray(), description);
    }

    /// <summary>The indices of batch <paramref name="batch"/> of size <paramref name="batchSize"/>.</summary>
    public int[] Batch(int batch, int batchSize)
    {
        var start = batch * batchSize;
        var end = Math.Min(start + batchSize, Count);
        return Indices.Skip(start).Take(end - start).ToArray();
    }

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>Compact text: ascending runs as "a-b", joined by commas ("0-999" for the first thousand).</summary>
    public string ToRanges() => Ranges(Indices);

    /// <summary>Any indices in the compact form of <see cref="ToRanges"/>.</summary>
    public static string Ranges(IReadOnlyList<int> indices)
    {
        var text = new StringBuilder();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            if (text.Length > 0) text.Append(',');
            text.Append(indices[i].ToString(CultureInfo.InvariantCulture));
            if (j > i) text.Append('-').Append(indices[j].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        return text.ToString();
    }

    public static SampleSelection FromRanges(string ranges, string description)
    {
        var indices = new List<int>();
        foreach (var part in ranges.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash < 0) { indices.Add(ParseIndex(part)); continue; }
            int a = ParseIndex(part[..dash]), b = ParseIndex(part[(dash + 1)..]);
            if (b < a) throw new FormatException($"sample range '{part}' runs backwards");
            for (int i = a; i <= b; i++) indices.Add(i);
        }
        return Of(indices, description);
    }

    private static int ParseIndex(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i
            : throw new FormatException($"'{text}' is not a sample index; sample ranges look like 0-999,1200");
}
