using RobustNotebooks.Nn;
using RobustNotebooks.Attacks;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>Bad input gets a .NET exception naming what is wrong, and the model keeps its mode.</summary>
public class AttackInputTests
{
    [Fact]
    public void BadInputIsRefusedByName()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 4);
        using var _ = model;
        model.train();
        var attack = new Pgd();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => attack.Run(model, images, labels, -0.1));
        Assert.Equal("eps", e.ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => attack.Run(model, images, labels, double.NaN)).ParamName);
        var tooBig = Assert.Throws<ArgumentException>(() => attack.Run(model, images, tensor(new long[] { 0, 1, 2, 10 }), 0.1));
        Assert.Contains("[0, 9]", tooBig.Message);
        Assert.Throws<ArgumentException>(() => attack.Run(model, images, tensor(new long[] { 0, -1, 2, 3 }), 0.1));
        var empty = Assert.Throws<ArgumentException>(() => attack.Run(model, zeros([0, 1, 8, 8]), zeros([0], ScalarType.Int64), 0.1));
        Assert.Contains("empty", empty.Message);
        var outside = Assert.Throws<ArgumentException>(() => attack.Run(model, images * 2.0, labels, 0.1));
        Assert.Contains("[0, 1]", outside.Message);
        Assert.Throws<ArgumentException>(() => attack.Run(model, images, labels[0..2], 0.1));
        Assert.Throws<ArgumentException>(() => attack.Run(model, images, labels.to(ScalarType.Int32), 0.1));
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => new Pgd { Steps = 0 }.Run(model, images, labels, 0.1)).ParamName);
        Assert.Throws<ArgumentException>(() => new Pgd { Loss = new TargetedDlrLoss() }.Run(model, images, labels, 0.1));
        Assert.True(model.training);

        using var nan = new NaNClassifier();
        var nonFinite = Assert.Throws<InvalidOperationException>(() => new Bim().Run(nan, images, labels, 0.1));
        Assert.Contains("non-finite logits", nonFinite.Message);
        Assert.Throws<InvalidOperationException>(() => new Bim().Run(nan, images, labels, 0));
    }

    [Fact]
    public void TensorsOnDifferentDevicesAreRefused()
    {
        if (!cuda.is_available()) return; // needs a second device; the GPU machine runs it
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(n: 4);
        using var _ = model;
        var e = Assert.Throws<ArgumentException>(() => new Fgsm().Run(model, images, labels.cuda(), 0.1));
        Assert.Contains("cuda", e.Message);
        var m = Assert.Throws<ArgumentException>(() => new Fgsm().Run(model, images.cuda(), labels.cuda(), 0.1));
        Assert.Contains("parameters", m.Message);
    }
}
