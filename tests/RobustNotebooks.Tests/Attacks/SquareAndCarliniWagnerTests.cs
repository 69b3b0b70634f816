using RobustNotebooks.Attacks;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

public class SquareAndCarliniWagnerTests
{
    [Fact]
    public void SquareFollowsTheReferenceSchedule()
    {
        var square = new Square();
        Assert.Equal(0.8, square.Fraction(0));
        Assert.Equal(0.8, square.Fraction(10));
        Assert.Equal(0.4, square.Fraction(11));
        Assert.Equal(0.8 / 4, square.Fraction(200));
        Assert.Equal(0.8 / 8, square.Fraction(201));
        Assert.Equal(0.8 / 128, square.Fraction(4999));
        Assert.Equal(0.8 / 512, square.Fraction(8001));
        var rescaled = new Square { Queries = 1000, RescaleSchedule = true };
        Assert.Equal(0.8 / 128, rescaled.Fraction(500));
    }

    /// <summary>Square needs no gradient: it breaks the rounding defense that stops plain PGD.</summary>
    [Fact]
    public void SquareIgnoresGradientMasking()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, _) = SmallCnn.Fixed(seed: 29);
        using var _ = cnn;
        using var defended = new RobustNotebooks.Models.TransformedClassifier(cnn, new RoundingTransform(8));
        var labels = defended.logits(images).argmax(1);
        using var result = new Square { Queries = 400, Seed = 3 }.Run(defended, images, labels, 0.2);
        Assert.True(result.Success.sum().ToInt64() >= images.size(0) / 2, $"Square fooled {result.Success.sum().ToInt64()}");
    }

    /// <summary>For a linear two-class model z₁ − z₀ = w·x + b the smallest L2 perturbation that changes the
    /// class has length |w·x + b|/‖w‖ (the box is never reached here); C&amp;W must find it within 1 %.</summary>
    [Fact]
    public void CarliniWagnerFindsTheMinimalDistanceToALinearBoundary()
    {
        const int D = 16, N = 8;
        using var scope = NewDisposeScope();
        manual_seed(81);
        var w1 = randn(1, D);
        var x = rand([N, 1, 4, 4]) * 0.2 + 0.4;
        var wNorm = w1.norm().ToDouble();
        // choose b so every example sits 0.05–0.25 (in L2) on the class-0 side
        var margins = rand([N]) * 0.2 + 0.05;
        var projections = x.flatten(1).matmul(w1.t()).squeeze(1);
        var bias = -(projections.mean().ToDouble());
        using var model = new LinearClassifier(cat([zeros(1, D), w1]), tensor(new[] { 0f, (float)bias }));
        // shift each image along −w so its own distance is the drawn margin
        var current = (projections + bias) / wNorm;
        var shift = (current + margins).view(N, 1, 1, 1) * w1.view(1, 1, 4, 4) / wNorm;
        x = x - shift;
        Assert.True(x.min().ToDouble() > 0.05 && x.max().ToDouble() < 0.95);
        var y = zeros([N], ScalarType.Int64);
        var expected = margins.@double().data<double>();

        using var result = new CarliniWagnerL2 { BinarySearchSteps = 9, Iterations = 1000, InitialConst = 0.1, LearningRate = 0.005 }.Run(model, x, y, 10.0);
        Assert.True(result.Success.all().item<bool>());
        var found = AttackNorm.L2.Distance(result.Adversarials, x).@double().data<double>();
        for (int i = 0; i < N; i++)
        {
            Assert.True(found[i] >= expected[i] * (1 - 1e-4), $"example {i}: {found[i]} is below the true minimum {expected[i]}");
            Assert.True(found[i] <= expected[i] * 1.01, $"example {i}: C&W found {found[i]}, the minimum is {expected[i]}");
        }
    }

    [Fact]
    public void CarliniWagnerRespectsTheLinfCap()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 16);
        using var _ = model;
        var attack = new CarliniWagnerL2 { LinfCap = true, BinarySearchSteps = 4, Iterations = 100, InitialConst = 1 };
        using var result = attack.Run(model, images, labels, 0.05);
        Assert.Same(AttackNorm.Linf, attack.Norm);
        Assert.True(AttackNorm.Linf.Distance(result.Adversarials, images).max().ToDouble() <= 0.05 + 1e-6);
        Assert.True(result.Success.sum().ToInt64() > 0);
    }
}
