using RobustNotebooks.Nn;
using RobustNotebooks.Attacks;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>What every attack promises, checked on every configuration of <see cref="AttackCatalog"/>;
/// each test also fails if the attack leaks a tensor (LiveTensorCheck).</summary>
public class AttackPropertyTests : LiveTensorCheck
{
    [Theory]
    [MemberData(nameof(AttackCatalog.Keys), MemberType = typeof(AttackCatalog))]
    public void StaysInTheBallAndTheBoxAndReportsTrueSuccess(string key)
    {
        var (create, eps, _) = AttackCatalog.All[key];
        var attack = create();
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed();
        using var _ = model;
        using var result = attack.Run(model, images, labels, eps);

        Assert.Equal(images.shape, result.Adversarials.shape);
        var distance = attack.Norm.Distance(result.Adversarials, images).max().ToDouble();
        Assert.True(distance <= eps + 1e-6, $"{attack.Name}: perturbation {distance} exceeds ε = {eps}");
        Assert.True(result.Adversarials.min().ToDouble() >= 0 && result.Adversarials.max().ToDouble() <= 1, $"{attack.Name}: left [0, 1]");
        using (no_grad())
        {
            var wrong = model.logits(result.Adversarials).argmax(1).ne(labels);
            Assert.True(wrong.eq(result.Success).all().item<bool>(), $"{attack.Name}: Success disagrees with the model on the adversarials");
        }
        var fooled = result.Success.sum().ToInt64();
        Assert.True(fooled > 0, $"{attack.Name}: fooled nothing at ε = {eps}; the test would not see a wrong projection");
    }

    [Theory]
    [MemberData(nameof(AttackCatalog.Keys), MemberType = typeof(AttackCatalog))]
    public void RestoresTheModeAndLeavesNoParameterGradients(string key)
    {
        var (create, eps, _) = AttackCatalog.All[key];
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 8);
        using var _ = model;
        model.train();
        using (var result = create().Run(model, images, labels, eps)) { }
        Assert.True(model.training, "training mode was not restored");
        Assert.All(model.parameters(), p => Assert.Null(p.grad));

        model.eval();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => create().Run(model, images, labels, eps, cancelled.Token));
        Assert.False(model.training, "eval mode was not restored after a cancelled attack");
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Theory]
    [MemberData(nameof(AttackCatalog.DeterministicKeys), MemberType = typeof(AttackCatalog))]
    public void AnImageAloneGetsWhatItGetsInABatchOf64(string key)
    {
        var (create, eps, _) = AttackCatalog.All[key];
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed();
        using var _ = model;
        using var batch = create().Run(model, images, labels, eps);
        foreach (var i in new[] { 0, 7, 31, 63 })
        {
            using var alone = create().Run(model, images[i..(i + 1)], labels[i..(i + 1)], eps);
            var diff = (alone.Adversarials - batch.Adversarials[i..(i + 1)]).abs().max().ToDouble();
            Assert.True(diff <= 1e-5, $"{key}: image {i} alone differs from its batch result by {diff}");
            Assert.Equal(batch.Success[i].item<bool>(), alone.Success[0].item<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(AttackCatalog.Keys), MemberType = typeof(AttackCatalog))]
    public void ZeroBudgetReturnsTheImagesAndTheCleanErrors(string key)
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 16);
        using var _ = model;
        var shifted = (labels + 1).remainder(10);
        using var result = AttackCatalog.All[key].create().Run(model, images, shifted, 0);
        Assert.True(result.Adversarials.allclose(images, 0, 0));
        Assert.True(result.Success.all().item<bool>(), "every shifted label is wrong at ε = 0");
    }

    [Fact]
    public void SeededAttacksRepeatAndLeaveTheCallersRandomStreamAlone()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 16);
        using var _ = model;
        manual_seed(99);
        var expected = rand(4);
        manual_seed(99);
        using var first = new Pgd { Seed = 11 }.Run(model, images, labels, 0.1);
        var after = rand(4);
        Assert.True(after.allclose(expected, 0, 0), "the attack moved the caller's random stream");
        rand(1000);
        using var second = new Pgd { Seed = 11 }.Run(model, images, labels, 0.1);
        Assert.True(first.Adversarials.allclose(second.Adversarials, 0, 0), "the same seed gave different random starts");
        using var other = new Pgd { Seed = 12 }.Run(model, images, labels, 0.1);
        Assert.False(first.Adversarials.allclose(other.Adversarials, 0, 0), "another seed gave the same random starts");
    }
}
