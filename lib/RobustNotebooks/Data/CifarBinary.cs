namespace RobustNotebooks.Data;

/// <summary>The "binary version" of CIFAR-10 and CIFAR-100: fixed-size records, each of label byte(s)
/// followed by 3,072 pixel bytes (1,024 red, then green, then blue, each 32×32 row-major), which is
/// already C×H×W. CIFAR-10 records carry one label byte; CIFAR-100 records a coarse then a fine byte.</summary>
public static class CifarBinary
{
    public const int Side = 32;
    public const int ImageSize = 3 * Side * Side;

    /// <summary>Records of several files concatenated in order.</summary>
    public sealed record Records(byte[] Pixels, int[] Labels, int[]? CoarseLabels);

    /// <param name="fineClasses">number of (fine) classes; every label must be below it</param>
    /// <param name="coarseClasses">0 for CIFAR-10 (one label byte), else the number of CIFAR-100 super-classes</param>
    public static Records Read(IReadOnlyList<string> paths, int fineClasses, int coarseClasses)
    {
        int labelBytes = coarseClasses > 0 ? 2 : 1;
        int recordSize = labelBytes + ImageSize;
        var files = new List<(string path, byte[] bytes)>();
        long total = 0;
        foreach (var path in paths)
        {
            var bytes = DataFile.ReadAll(path);
            if (bytes.Length == 0) throw new DataFormatException(path, "empty file");
            if (bytes.Length % recordSize != 0)
                throw new DataFormatException(path, $"{bytes.Length} bytes is not a whole number of {recordSize}-byte records " +
                    $"({bytes.Length / recordSize} records and {bytes.Length % recordSize} bytes left over): truncated or not a CIFAR{(coarseClasses > 0 ? "-100" : "-10")} binary file");
            files.Add((path, bytes));
            total += bytes.Length / recordSize;
        }
        if (total * ImageSize > Array.MaxLength) throw new DataFormatException(paths[0], $"{total} images do not fit in one array");
        var pixels = new byte[total * ImageSize];
        var labels = new int[total];
        var coarse = coarseClasses > 0 ? new int[total] : null;
        int k = 0;
        foreach (var (path, bytes) in files)
        {
            int n = bytes.Length / recordSize;
            for (int r = 0; r < n; r++, k++)
            {
                int at = r * recordSize;
                int fine = bytes[at + labelBytes - 1];
                if (fine >= fineClasses) throw new DataFormatException(path, $"record {r}: label {fine} is outside [0, {fineClasses})");
                labels[k] = fine;
                if (coarse is not null)
                {
                    int c = bytes[at];
                    if (c >= coarseClasses) throw new DataFormatException(path, $"record {r}: coarse label {c} is outside [0, {coarseClasses})");
                    coarse[k] = c;
                }
                Buffer.BlockCopy(bytes, at + labelBytes, pixels, k * ImageSize, ImageSize);
            }
        }
        return new Records(pixels, labels, coarse);
    }

    /// <summary>Class names, one a line (batches.meta.txt, fine_label_names.txt, coarse_label_names.txt);
    /// blank lines are padding in the official files and are skipped.</summary>
    public static IReadOnlyList<string> ReadNames(string path, int expected)
    {
        var bytes = DataFile.ReadAll(path);
        string text;
        try { text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (System.Text.DecoderFallbackException e) { throw new DataFormatException(path, "not UTF-8 text", e); }
        var names = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (names.Count != expected) throw new DataFormatException(path, $"lists {names.Count} class names; expected {expected}");
        if (names.Distinct().Count() != names.Count) throw new DataFormatException(path, "lists a class name twice");
        return names;
    }
}
