using RobustNotebooks.Attacks;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>Attacks on linear models, where the answer is known in closed form.</summary>
public class ClosedFormAttackTests
{
    [Fact]
    public void FgsmOnALinearModelIsTheSignOfItsCrossEntropyGradient()
    {
        const int K = 5, D = 16, N = 12;
        const double eps = 0.07;
        using var scope = NewDisposeScope();
        manual_seed(31);
        var w = randn(K, D);
        var b = randn(K);
        var x = rand([N, 1, 4, 4]);
        using var model = new LinearClassifier(w, b);
        // Labels the model gets right: a misclassified image is its own adversarial and FGSM leaves it alone.
        var y = model.logits(x).argmax(1);
        using var result = new Fgsm().Run(model, x, y, eps);

        var wv = w.@double().data<double>();
        var bv = b.@double().data<double>();
        var xv = x.@double().data<double>();
        var yv = y.data<long>();
        var got = result.Adversarials.@double().data<double>();
        for (int n = 0; n < N; n++)
        {
            // ∇ₓ CE = Wᵀ (softmax(Wx + b) − e_y)
            var z = new double[K];
            for (int k = 0; k < K; k++) { z[k] = bv[k]; for (int d = 0; d < D; d++) z[k] += wv[k * D + d] * xv[n * D + d]; }
            var max = z.Max();
            var p = z.Select(v => Math.Exp(v - max)).ToArray();
            var s = p.Sum();
            for (int k = 0; k < K; k++) p[k] = p[k] / s - (k == yv[n] ? 1 : 0);
            for (int d = 0; d < D; d++)
            {
                double g = 0;
                for (int k = 0; k < K; k++) g += wv[k * D + d] * p[k];
                var expected = Math.Clamp(xv[n * D + d] + eps * Math.Sign(g), 0, 1);
                Assert.True(Math.Abs(got[n * D + d] - expected) < 1e-6, $"example {n}, pixel {d}: {got[n * D + d]} vs {expected}");
            }
        }
    }

    /// <summary>Two classes, z₀ = 0 and z₁ = w·x + b with b so negative that no point of the ball crosses the
    /// boundary: the loss is maximised at the corner x* = clip(x + ε·sign(w)) (L∞), or at x + ε·w/‖w‖ when
    /// the box is inactive (L2), and PGD must end there.</summary>
    [Theory]
    [InlineData("linf")]
    [InlineData("l2")]
    public void PgdOnALinearBinaryClassifierReachesTheOptimumOfTheBall(string norm)
    {
        const int D = 16, N = 10;
        using var scope = NewDisposeScope();
        manual_seed(41);
        var w1 = randn(1, D);
        var weight = cat([zeros(1, D), w1]);
        var bias = tensor(new[] { 0f, -(w1.abs().sum().ToSingle() + 5) });
        var x = (rand([N, 1, 4, 4]) * 0.4 + 0.3);
        var y = zeros([N], ScalarType.Int64);
        using var model = new LinearClassifier(weight, bias);

        var isLinf = norm == "linf";
        var eps = isLinf ? 0.1 : 0.2;
        var attack = new Pgd { ThreatNorm = isLinf ? AttackNorm.Linf : AttackNorm.L2, Steps = isLinf ? 10 : 60, Restarts = 2, Seed = 2 };
        using var result = attack.Run(model, x, y, eps);
        Assert.False(result.Success.any().item<bool>());

        var wv = w1.@double().data<double>();
        var wNorm = Math.Sqrt(wv.Sum(v => v * v));
        var xv = x.@double().data<double>();
        var got = result.Adversarials.@double().data<double>();
        for (int n = 0; n < N; n++)
        {
            double gotScore = 0, bestScore = 0;
            for (int d = 0; d < D; d++)
            {
                var optimum = isLinf ? Math.Clamp(xv[n * D + d] + eps * Math.Sign(wv[d]), 0, 1) : xv[n * D + d] + eps * wv[d] / wNorm;
                gotScore += wv[d] * got[n * D + d];
                bestScore += wv[d] * optimum;
                if (isLinf) Assert.True(Math.Abs(got[n * D + d] - optimum) < 1e-6, $"example {n}, pixel {d}: {got[n * D + d]} vs the corner {optimum}");
            }
            Assert.True(Math.Abs(gotScore - bestScore) <= 1e-4 * Math.Abs(bestScore) + 1e-5, $"example {n}: w·x' = {gotScore}, optimum {bestScore}");
        }
    }

    [Fact]
    public void DlrIsInvariantToShiftingAndScalingTheLogitsAndMatchesItsDefinition()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var logits = randn(20, 7);
        var labels = randint(7, [20]);
        var targets = (labels + randint(1, 7, [20])).remainder(7);
        foreach (AttackLoss loss in new AttackLoss[] { new DlrLoss(), new TargetedDlrLoss() })
        {
            var reference = loss.Compute(Output(logits), labels, targets);
            var moved = loss.Compute(Output(logits * 3.7 + 11.0), labels, targets);
            Assert.True(moved.allclose(reference, 1e-4, 1e-6), $"{loss.Name} changed under z → 3.7z + 11");
            var flipped = loss.Compute(Output(logits * -1.0), labels, targets);
            Assert.False(flipped.allclose(reference, 1e-4, 1e-6), $"{loss.Name} is also invariant to a negative scale: the test cannot see the sort");
        }
        // z = [3, 1, 2, 0], y = 0: −(3 − 2)/(3 − 1) = −0.5; target 3: −(3 − 0)/(3 − (1 + 0)/2) = −1.2
        var z = tensor(new float[] { 3, 1, 2, 0 }, [1, 4]);
        var y = tensor(new long[] { 0 });
        Assert.Equal(-0.5, new DlrLoss().Compute(Output(z), y).ToDouble(), 6);
        Assert.Equal(-1.2, new TargetedDlrLoss().Compute(Output(z), y, tensor(new long[] { 3 })).ToDouble(), 6);
        Assert.Equal(-1.0, new MarginLoss().Compute(Output(z), y).ToDouble(), 6);
    }

    private static ModelOutput Output(Tensor logits) => new(logits, new Dictionary<string, Tensor>());
}
