using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Models;

public class ModelTests
{
    private static readonly float[] Gray = [0.5f];
    private static readonly float[] Rgb = [0.5f, 0.5f, 0.5f];

    [Fact]
    public void LeNetPlusPlusGivesLogitsAndNamedFeatures()
    {
        using var scope = NewDisposeScope();
        using var model = new LeNetPlusPlus(numClasses: 10, embeddingDim: 2);
        var output = model.forward(rand(4, 1, 28, 28));
        Assert.Equal([4L, 10L], output.Logits.shape);
        Assert.Equal([4L, 2L], output["penultimate"].shape);
        Assert.Equal([4L, 128L, 3L, 3L], output["stage3"].shape);
        Assert.Equal(model.FeatureNames, output.Features.Keys.ToList());
    }

    [Fact]
    public void OfficialResNet110HasTheParameterCountOfTheOfficialCode()
    {
        // paper.md §2.1: backbone 1,701,584 + fc 263,168 + fcf 10,250 for K = 10.
        using var model = CifarResNet.Official(10, Rgb, Rgb);
        var count = model.parameters().Sum(p => p.numel());
        Assert.Equal(1_975_002L, count);
        Assert.Equal(["layer1", "layer2", "layer3", "pooled", "fc"], model.FeatureNames);
    }

    [Fact]
    public void BasicResNet20ForwardShapes()
    {
        using var scope = NewDisposeScope();
        using var model = CifarResNet.Basic(20, 10, Rgb, Rgb);
        // He et al.: ResNet-20 has 0.27M parameters.
        var count = model.parameters().Sum(p => p.numel());
        Assert.InRange(count, 265_000L, 280_000L);
        var output = model.forward(rand(2, 3, 32, 32));
        Assert.Equal([2L, 10L], output.Logits.shape);
        Assert.Equal([2L, 64L], output["pooled"].shape);
        Assert.Equal([2L, 64L, 8L, 8L], output["layer3"].shape);
    }

    [Fact]
    public void NormalisationIsInsideTheModel()
    {
        using var scope = NewDisposeScope();
        var normalize = new InputNormalization([0.25f], [0.5f]);
        var y = normalize.forward(full([1, 1, 2, 2], 0.75));
        Assert.All(y.data<float>(), v => Assert.Equal(1f, v, 6));
    }

    [Fact]
    public void BadDepthIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CifarResNet.Basic(21, 10, Rgb, Rgb));
        Assert.Contains("6n+2", e.Message);
    }
}

public class WrapperOwnershipTests
{
    [Fact]
    public void DisposingTheLogitsViewLeavesTheModelAlive()
    {
        using var scope = NewDisposeScope();
        using var model = new LeNetPlusPlus(numClasses: 10, embeddingDim: 2);
        var images = rand(2, 1, 28, 28);
        var expected = model.logits(images);
        using (var view = model.AsLogitsModule())
        {
            // The view walks the model's parameters and modes like a child ...
            Assert.Equal(model.parameters().Count(), view.parameters().Count());
            view.eval();
            Assert.False(model.training);
            view.train();
            Assert.True(model.training);
            Assert.True(view.forward(images).eq(expected).all().item<bool>());
        }
        // ... but does not own it.
        Assert.All(model.parameters(), p => Assert.False(p.IsDisposed));
        Assert.True(model.logits(images).eq(expected).all().item<bool>());
    }
}
