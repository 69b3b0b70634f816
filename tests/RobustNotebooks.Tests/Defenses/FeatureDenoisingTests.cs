using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Defenses;

public class FeatureDenoisingTests : LiveTensorCheck
{
    private const int N = 2, C = 6, H = 4, W = 5;

    public static TheoryData<DenoisingOperation> Operations => new()
    {
        DenoisingOperation.NonLocalGaussian, DenoisingOperation.NonLocalDot, DenoisingOperation.Mean, DenoisingOperation.Median,
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void AFreshBlockIsExactlyTheIdentity(DenoisingOperation operation)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var block = new FeatureDenoisingBlock(C, operation);
        var x = randn(N, C, H, W).mul(3);
        foreach (var training in new[] { true, false })
        {
            block.train(training);
            var y = block.forward(x);
            Assert.True(y.eq(x).all().ToDouble() == 1, $"{operation}, training={training}: max |y − x| = {y.sub(x).abs().max().ToDouble()}");
        }
        // ...and it learns: the zero BatchNorm scale gets a gradient.
        block.train();
        var input = randn(N, C, H, W);
        block.forward(input).mul(randn(N, C, H, W)).sum().backward();
        Assert.True(block.named_parameters().Single(p => p.name == "norm.weight").parameter.grad!.abs().sum().ToDouble() > 0);
    }

    private static double[] Doubles(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>();

    private static double[] Embed(double[] weight, double[] x, int d, int n, int i)
    {
        // (W x_i) for a 1×1 convolution with weight d×C at position i of image n.
        var e = new double[d];
        for (int k = 0; k < d; k++)
            for (int c = 0; c < C; c++)
                e[k] += weight[k * C + c] * x[(n * C + c) * H * W + i];
        return e;
    }

    [Theory]
    [InlineData(DenoisingOperation.NonLocalGaussian)]
    [InlineData(DenoisingOperation.NonLocalDot)]
    public void NonLocalMeansMatchADirectFloat64Computation(DenoisingOperation operation)
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var block = new FeatureDenoisingBlock(C, operation);
        var theta = block.named_parameters().Single(p => p.name == "theta.weight").parameter;
        var phi = block.named_parameters().Single(p => p.name == "phi.weight").parameter;
        using (no_grad())
        {
            // Weights large enough that the softmax is far from uniform (a wrong scale would show).
            theta.normal_(0, 0.6);
            phi.normal_(0, 0.6);
        }
        var x = randn(N, C, H, W);
        var ours = Doubles(block.Denoise(x));
        var xs = Doubles(x);
        var wt = Doubles(theta);
        var wp = Doubles(phi);
        int d = C / 2, positions = H * W;
        var expected = new double[ours.Length];
        double largestWeight = 0;
        for (int n = 0; n < N; n++)
            for (int i = 0; i < positions; i++)
            {
                var ti = Embed(wt, xs, d, n, i);
                var f = new double[positions];
                for (int j = 0; j < positions; j++)
                {
                    var pj = Embed(wp, xs, d, n, j);
                    f[j] = ti.Zip(pj).Sum(z => z.First * z.Second);
                }
                if (operation == DenoisingOperation.NonLocalGaussian)
                {
                    var scaled = f.Select(v => v / Math.Sqrt(d)).ToArray();
                    var max = scaled.Max();
                    var e = scaled.Select(v => Math.Exp(v - max)).ToArray();
                    var z = e.Sum();
                    f = e.Select(v => v / z).ToArray();
                    largestWeight = Math.Max(largestWeight, f.Max());
                }
                else f = f.Select(v => v / positions).ToArray();
                for (int c = 0; c < C; c++)
                    for (int j = 0; j < positions; j++)
                        expected[(n * C + c) * positions + i] += f[j] * xs[(n * C + c) * positions + j];
            }
        if (operation == DenoisingOperation.NonLocalGaussian)
            Assert.True(largestWeight > 3.0 / positions, $"the softmax is nearly uniform (largest weight {largestWeight}); the test would not see a wrong scale");
        for (int k = 0; k < ours.Length; k++)
            Assert.True(Math.Abs(ours[k] - expected[k]) <= 1e-5 + 1e-5 * Math.Abs(expected[k]), $"value {k}: ours {ours[k]}, direct {expected[k]}");
    }

    [Theory]
    [InlineData(DenoisingOperation.Mean)]
    [InlineData(DenoisingOperation.Median)]
    public void LocalFiltersMatchADirectComputation(DenoisingOperation operation)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var block = new FeatureDenoisingBlock(C, operation);
        var x = randn(N, C, H, W);
        var ours = Doubles(block.Denoise(x));
        var xs = Doubles(x);
        for (int nc = 0; nc < N * C; nc++)
            for (int y = 0; y < H; y++)
                for (int z = 0; z < W; z++)
                {
                    var window = new List<double>();
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dz = -1; dz <= 1; dz++)
                        {
                            int yy = y + dy, zz = z + dz;
                            if (operation == DenoisingOperation.Mean)
                            {
                                if (yy >= 0 && yy < H && zz >= 0 && zz < W) window.Add(xs[(nc * H + yy) * W + zz]);
                            }
                            else window.Add(xs[(nc * H + Math.Clamp(yy, 0, H - 1)) * W + Math.Clamp(zz, 0, W - 1)]);
                        }
                    double expected = operation == DenoisingOperation.Mean ? window.Average() : window.Order().ElementAt(4);
                    Assert.Equal(expected, ours[(nc * H + y) * W + z], 5);
                }
    }

    [Fact]
    public void BlocksGoAfterTheNamedStagesAndStartAsTheIdentity()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var plain = new LeNetPlusPlus();
        var denoising = FeatureDenoising.Parse("stage1:mean;stage2,stage3:nonlocal-gaussian");
        manual_seed(5);
        using var denoised = new LeNetPlusPlus(afterStage: denoising.Factory);
        denoising.EnsureApplied(denoised);
        var keys = denoised.state_dict().Keys.ToList();
        Assert.Contains("stage_blocks.stage1.conv.weight", keys);
        Assert.Contains("stage_blocks.stage3.theta.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("stage_blocks.stage2.stage"));
        Assert.DoesNotContain(plain.state_dict().Keys, k => k.StartsWith("stage_blocks"));
        Assert.Equal(3, denoised.modules().OfType<FeatureDenoisingBlock>().Count());
        // Same seed, blocks built after the model's own initialisation: the same network.
        plain.eval();
        denoised.eval();
        manual_seed(6);
        var x = rand(3, 1, 28, 28);
        using var _ = no_grad();
        Assert.True(plain.logits(x).eq(denoised.logits(x)).all().ToDouble() == 1);
        foreach (var (name, p) in plain.named_parameters())
            Assert.True(p.eq(denoised.named_parameters().Single(q => q.name == name).parameter).all().ToDouble() == 1, name);
    }

    [Fact]
    public void ResNetStagesTakeBlocksToo()
    {
        using var scope = NewDisposeScope();
        var denoising = FeatureDenoising.Parse("layer2,layer3:nonlocal-dot");
        var stats = new ChannelStatistics([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        using var model = ModelCatalog.Create("resnet20", 10, 3, 32, stats, afterStage: denoising.Factory);
        denoising.EnsureApplied(model);
        var blocks = model.modules().OfType<FeatureDenoisingBlock>().ToList();
        Assert.Equal(new long[] { 32, 64 }, blocks.Select(b => b.Channels));
        // The ResNet's own initialisation sets BatchNorm scales to one; the blocks' stay at zero.
        Assert.All(blocks, b => Assert.True(b.named_parameters().Single(p => p.name == "norm.weight").parameter.abs().sum().ToDouble() == 0));
        using var _ = no_grad();
        Assert.Equal(new long[] { 2, 10 }, model.logits(rand(2, 3, 32, 32)).shape);
    }

    [Fact]
    public void SpecsParseAndBadOnesSayWhy()
    {
        var spec = FeatureDenoising.Parse("stage2,stage3:nonlocal-gaussian");
        Assert.Equal(DenoisingOperation.NonLocalGaussian, spec.Stages["stage2"]);
        Assert.Equal(DenoisingOperation.NonLocalGaussian, spec.Stages["stage3"]);
        Assert.Equal("stage2,stage3:nonlocal-gaussian", spec.ToString());
        Assert.Equal(DenoisingOperation.NonLocalGaussian, FeatureDenoising.Parse("stage1").Stages["stage1"]);
        Assert.Equal(DenoisingOperation.Median, FeatureDenoising.Parse("stage1:mean;stage2:median").Stages["stage2"]);
        Assert.Contains("unknown denoising kind", Assert.Throws<FormatException>(() => FeatureDenoising.Parse("stage2:blur")).Message);
        Assert.Contains("twice", Assert.Throws<FormatException>(() => FeatureDenoising.Parse("stage2:mean;stage2:median")).Message);
        using var scope = NewDisposeScope();
        var wrong = FeatureDenoising.Parse("layer2");
        using var model = ModelCatalog.Create("lenetpp", 10, 1, 28, ChannelStatistics.For("fashion-mnist"), afterStage: wrong.Factory);
        var e = Assert.Throws<ArgumentException>(() => wrong.EnsureApplied(model));
        Assert.Contains("'layer2'", e.Message);
        Assert.Contains("stage2", e.Message);
    }
}
