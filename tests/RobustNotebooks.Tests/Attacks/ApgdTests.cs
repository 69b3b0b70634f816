using RobustNotebooks.Attacks;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

public class ApgdTests
{
    /// <summary>The paper's p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06), checkpoints
    /// at ⌈p_j·N⌉ ≤ N, against the schedule the attack runs.</summary>
    [Fact]
    public void CheckpointsAreThePapers()
    {
        var paper = new List<int>();
        double previous = 0, current = 0.22;
        while (current <= 1.0 + 1e-9)
        {
            paper.Add((int)Math.Round(current * 100));
            (previous, current) = (current, current + Math.Max(current - previous - 0.03, 0.06));
        }
        Assert.Equal([22, 41, 57, 70, 80, 87, 93, 99], paper);
        var ours = ApgdSchedule.Checkpoints(100);
        Assert.Equal(paper, ours.Select(c => c.iteration));
        Assert.Equal([22, 19, 16, 13, 10, 7, 6, 6], ours.Select(c => c.window));
    }

    /// <summary>On the robust linear binary classifier of the PGD test, APGD-CE must end at the corner of the
    /// ε-box that maximises the other logit (its returned point is the best-loss one).</summary>
    [Fact]
    public void ApgdReachesTheOptimumOfALinearBinaryClassifier()
    {
        const int D = 16, N = 6;
        const double eps = 0.1;
        using var scope = NewDisposeScope();
        manual_seed(43);
        var w1 = randn(1, D);
        using var model = new LinearClassifier(cat([zeros(1, D), w1]), tensor(new[] { 0f, -(w1.abs().sum().ToSingle() + 5) }));
        var x = rand([N, 1, 4, 4]) * 0.4 + 0.3;
        var y = zeros([N], ScalarType.Int64);
        using var result = new Apgd { Iterations = 25, Seed = 4 }.Run(model, x, y, eps);
        Assert.False(result.Success.any().item<bool>());
        var corner = (x + w1.view(1, 1, 4, 4).sign() * eps).clamp(0, 1);
        var diff = (result.Adversarials - corner).abs().max().ToDouble();
        Assert.True(diff < 1e-6, $"APGD ended {diff} away from the optimal corner");
    }

    /// <summary>APGD-T attacks each target only on what is still standing, and on a 10-class CNN it should not be
    /// weaker than APGD-CE at a tight budget by more than noise; both must beat FGSM.</summary>
    [Fact]
    public void ApgdIsAtLeastAsStrongAsFgsm()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(seed: 53);
        using var _ = model;
        const double eps = 0.03;
        using var fgsm = new Fgsm().Run(model, images, labels, eps);
        using var apgd = new Apgd { Iterations = 30, Seed = 2 }.Run(model, images, labels, eps);
        using var targeted = new ApgdTargeted { Iterations = 30, Targets = 3, Seed = 2 }.Run(model, images, labels, eps);
        var f = fgsm.Success.sum().ToInt64();
        var a = apgd.Success.sum().ToInt64();
        var t = targeted.Success.sum().ToInt64();
        Assert.True(a >= f && t >= f && a > 0, $"fooled: FGSM {f}, APGD-CE {a}, APGD-T {t}");
    }
}
