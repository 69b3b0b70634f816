using RobustNotebooks.Defenses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Defenses;

public class InputTransformTests : LiveTensorCheck
{
    [Fact]
    public void ResizePadKeepsTheImageShapeOrGivesTheCanvas()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = rand(5, 1, 28, 28);
        Assert.Equal(new long[] { 5, 1, 28, 28 }, new RandomResizePad(34).Apply(x).shape);
        Assert.Equal(new long[] { 5, 1, 34, 34 }, new RandomResizePad(34, restoreSize: false).Apply(x).shape);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, new RandomResizePad(38).Apply(rand(2, 3, 32, 32)).shape);
        var output = new RandomResizePad(34).Apply(x);
        Assert.True(output.min().ToDouble() >= 0 && output.max().ToDouble() <= 1);
    }

    [Fact]
    public void EverySizeAndOffsetIsReachable()
    {
        var transform = new RandomResizePad(34);
        manual_seed(7);
        var seen = new HashSet<(long, long, long)>();
        var sizes = new HashSet<long>();
        for (int round = 0; round < 20; round++)
        {
            var (s, left, top) = transform.Draw(1000, 28);
            for (int i = 0; i < s.Length; i++)
            {
                Assert.InRange(s[i], 28, 33);
                Assert.InRange(left[i], 0, 34 - s[i]);
                Assert.InRange(top[i], 0, 34 - s[i]);
                seen.Add((s[i], left[i], top[i]));
                sizes.Add(s[i]);
            }
        }
        Assert.Equal(6, sizes.Count);
        // Σ over s = 28..33 of (34 − s + 1)² = 49 + 36 + 25 + 16 + 9 + 4 placements.
        long expected = Enumerable.Range(28, 6).Sum(s => (long)(35 - s) * (35 - s));
        Assert.Equal(expected, seen.Count);
    }

    [Fact]
    public void ImagesLandWhereTheDrawsSay()
    {
        using var scope = NewDisposeScope();
        var transform = new RandomResizePad(34, restoreSize: false);
        var x = ones(6, 1, 28, 28);
        manual_seed(11);
        var (s, left, top) = transform.Draw(6, 28);
        manual_seed(11);
        var canvas = transform.Apply(x);
        for (int i = 0; i < 6; i++)
        {
            var mask = zeros(34, 34);
            mask.narrow(0, top[i], s[i]).narrow(1, left[i], s[i]).fill_(1);
            Assert.True(canvas[i][0].eq(mask).all().ToDouble() == 1, $"image {i}: size {s[i]} at ({left[i]}, {top[i]})");
        }
    }

    [Fact]
    public void SeededDrawsRepeatAndUnseededDiffer()
    {
        using var scope = NewDisposeScope();
        var transform = new RandomResizePad(34);
        manual_seed(3);
        var x = rand(8, 1, 28, 28);
        manual_seed(5);
        var a = transform.Apply(x);
        var c = transform.Apply(x);
        manual_seed(5);
        var b = transform.Apply(x);
        Assert.True(a.eq(b).all().ToDouble() == 1);
        Assert.False(a.eq(c).all().ToDouble() == 1);
        Assert.True(transform.IsRandomized && transform.IsDifferentiable);
    }

    [Fact]
    public void ResizePadPassesGradients()
    {
        using var scope = NewDisposeScope();
        var x = rand([2, 1, 28, 28], requires_grad: true);
        new RandomResizePad(34).Apply(x).sum().backward();
        Assert.True(x.grad!.abs().sum().ToDouble() > 0);
    }

    [Fact]
    public void ResizePadNeedsALargerCanvas()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new RandomResizePad(28).Apply(rand(1, 1, 28, 28)));
        Assert.Contains("resize-pad:34", e.Message);
    }

    [Fact]
    public void BitDepthRoundsToEvenlySpacedLevels()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0f, 0.1f, 0.2f, 0.5f, 0.74f, 0.9f, 1f }, [1, 1, 1, 7]);
        var y = new BitDepthReduction(2).Apply(x).data<float>();
        // Levels 0, 1/3, 2/3, 1.
        Assert.All(y.Zip(new[] { 0f, 0f, 1 / 3f, 2 / 3f, 2 / 3f, 1f, 1f }), p => Assert.Equal(p.Second, p.First, 6));
        var eight = new BitDepthReduction(8).Apply(x).data<float>();
        Assert.All(eight.Zip(x.data<float>()), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.5 / 255 + 1e-7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitDepthReduction(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitDepthReduction(9));
    }

    [Fact]
    public void ParseBuildsEachKindAndCompositions()
    {
        Assert.IsType<JpegCompression>(InputTransforms.Parse("jpeg:75"));
        Assert.Equal(30, ((JpegCompression)InputTransforms.Parse("jpeg:30")).Quality);
        Assert.Equal(34, ((RandomResizePad)InputTransforms.Parse("resize-pad:34")).PaddedSize);
        Assert.Equal(4, ((BitDepthReduction)InputTransforms.Parse("bits:4")).Bits);
        var composed = Assert.IsType<ComposedTransform>(InputTransforms.Parse("resize-pad:34+jpeg:75"));
        Assert.Equal("resize-pad:34+jpeg:75", composed.Name);
        Assert.True(composed.IsRandomized);
        Assert.False(composed.IsDifferentiable);
        foreach (var name in new[] { "jpeg:75", "resize-pad:31", "bits:3", "bits:1+jpeg:20" })
            Assert.Equal(name, InputTransforms.Parse(name).Name);
        Assert.Contains("unknown", Assert.Throws<FormatException>(() => InputTransforms.Parse("blur:3")).Message);
        Assert.Contains("integer", Assert.Throws<FormatException>(() => InputTransforms.Parse("jpeg:high")).Message);
        Assert.Throws<FormatException>(() => InputTransforms.Parse("bits"));
        Assert.Throws<FormatException>(() => InputTransforms.Parse(""));
    }

    [Fact]
    public void ACompositionAppliesItsPartsInOrder()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = rand(3, 1, 28, 28);
        var composed = InputTransforms.Parse("bits:3+jpeg:60").Apply(x);
        var byHand = new JpegCompression(60).Apply(new BitDepthReduction(3).Apply(x));
        Assert.True(composed.eq(byHand).all().ToDouble() == 1);
    }

    [Fact]
    public void ATransformedClassifierSeesTheTransformedImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = new LeNetPlusPlus();
        model.eval();
        using var defended = new TransformedClassifier(model, new BitDepthReduction(1));
        var x = rand(2, 1, 28, 28);
        using var _ = no_grad();
        var expected = model.logits(x.round());
        Assert.True(defended.logits(x).eq(expected).all().ToDouble() == 1);
    }
}
