using RobustNotebooks.Attacks;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>BPDA and EOT against preprocessing defenses built from the test transforms.</summary>
public class AdaptiveGradientTests
{
    /// <summary>Rounding to 8 grey levels has a zero gradient almost everywhere: plain PGD (no random start)
    /// cannot move, so the model keeps its clean accuracy; with BPDA's identity backward the same attack
    /// breaks most images.</summary>
    [Fact]
    public void RoundingResistsPlainPgdAndFallsToBpda()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, _) = SmallCnn.Fixed(seed: 29);
        using var _ = cnn;
        using var defended = new TransformedClassifier(cnn, new RoundingTransform(8));
        Tensor labels;
        using (no_grad()) labels = defended.logits(images).argmax(1);

        const double eps = 0.2;
        using var plain = new Pgd { RandomStart = false, Steps = 20 }.Run(defended, images, labels, eps);
        using var bpda = new Pgd { RandomStart = false, Steps = 20, Gradient = new StraightThrough() }.Run(defended, images, labels, eps);
        using var onTheInner = new Pgd { RandomStart = false, Steps = 20 }.Run(cnn, images, labels, eps);
        var plainFooled = plain.Success.sum().ToInt64();
        var bpdaFooled = bpda.Success.sum().ToInt64();
        Assert.Equal(0, plainFooled);
        Assert.True(plain.Adversarials.allclose(images, 0, 0), "plain PGD moved although every gradient is zero");
        Assert.True(bpdaFooled >= images.size(0) / 2, $"BPDA fooled only {bpdaFooled} of {images.size(0)}");
        Assert.True(onTheInner.Success.sum().ToInt64() >= images.size(0) / 2, "sanity: the undefended network is not robust");
    }

    /// <summary>JPEG and bit-depth reduction detach their output, so the defended model has no graph back to
    /// its input: plain gradient attacks (alone or under EOT) see a zero gradient instead of failing, stay
    /// where they start, and BPDA still gets through.</summary>
    [Fact]
    public void ADetachedPreprocessingGivesAZeroGradientAndBpdaGetsThrough()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, _) = SmallCnn.Fixed(seed: 29);
        using var _ = cnn;
        using var defended = new TransformedClassifier(cnn, new RobustNotebooks.Defenses.BitDepthReduction(3));
        Tensor labels;
        using (no_grad()) labels = defended.logits(images).argmax(1);
        var ce = new CrossEntropyLoss();

        foreach (var plain in new GradientEstimator[] { GradientEstimator.Backprop, new ExpectationOverTransformation(3) })
        {
            var estimate = plain.Estimate(defended, images, o => ce.Compute(o, labels));
            Assert.Equal(images.shape, estimate.Gradient!.shape);
            Assert.Equal(0, estimate.Gradient.abs().max().ToDouble());
        }
        const double eps = 0.2;
        using var naive = new Pgd { RandomStart = false, Steps = 20 }.Run(defended, images, labels, eps);
        Assert.Equal(0, naive.Success.sum().ToInt64());
        Assert.True(naive.Adversarials.allclose(images, 0, 0), "plain PGD moved although the model has no gradient");
        using var bpda = new Pgd { RandomStart = false, Steps = 20, Gradient = new StraightThrough() }.Run(defended, images, labels, eps);
        Assert.True(bpda.Success.sum().ToInt64() >= images.size(0) / 2, $"BPDA fooled only {bpda.Success.sum().ToInt64()} of {images.size(0)}");
    }

    /// <summary>BPDA cannot use the identity across a transform that changes the image size.</summary>
    [Fact]
    public void BpdaAcrossAResizeNeedsAStandIn()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, labels) = SmallCnn.Fixed(n: 4);
        using var _ = cnn;
        using var defended = new TransformedClassifier(cnn, new CropTransform());
        var e = Assert.Throws<InvalidOperationException>(() => new Fgsm { Gradient = new StraightThrough() }.Run(defended, images, labels, 0.1));
        Assert.Contains("stand-in", e.Message);
    }

    /// <summary>EOT's gradient is the mean of the per-draw gradients. With a random gain s per draw and a
    /// bias-free linear model the margin's gradient is s·(w_j − w_y), so k draws must give exactly
    /// mean(s)·(clean gradient), with the gains replayed from the same seed.</summary>
    [Fact]
    public void EotAveragesGradientsOverDraws()
    {
        const int D = 16, K = 3, Draws = 16;
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = rand([4, 1, 4, 4]);
        var y = tensor(new long[] { 0, 1, 2, 0 });
        using var linear = new LinearClassifier(randn(K, D), zeros(K));
        using var randomised = new TransformedClassifier(linear, new GainTransform());
        var margin = new MarginLoss();
        var clean = GradientEstimator.Backprop.Estimate(linear, x, o => margin.Compute(o, y));

        manual_seed(77);
        var gains = Enumerable.Range(0, Draws).Select(_ => rand(1).ToDouble() * 2).ToArray();
        manual_seed(77);
        var eot = new ExpectationOverTransformation(Draws).Estimate(randomised, x, o => margin.Compute(o, y));
        var mean = gains.Average();
        Assert.True(eot.Gradient!.allclose(clean.Gradient! * mean, 1e-4, 1e-6), "EOT gradient is not the mean over the draws");
        Assert.True(eot.Loss.allclose(clean.Loss * mean, 1e-4, 1e-6), "EOT loss is not the mean over the draws");
        Assert.True(Math.Abs(mean - gains[^1]) > 0.01, "the last draw alone would pass: pick another seed");
    }

    private sealed class CropTransform : IInputTransform
    {
        public string Name => "crop";
        public bool IsRandomized => false;
        public bool IsDifferentiable => false;
        public Tensor Apply(Tensor images)
        {
            using var rows = images.narrow(2, 1, 6);
            return rows.narrow(3, 1, 6);
        }
    }
}
