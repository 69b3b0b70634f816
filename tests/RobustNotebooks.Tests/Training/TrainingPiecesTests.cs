using RobustNotebooks.Data;
using RobustNotebooks.Models;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Training;

/// <summary>The trainer's parts against values worked out by hand: gradient clipping, feature
/// geometry and the evaluation loop.</summary>
public class TrainingPiecesTests : LiveTensorCheck
{
    [Fact]
    public void ClippingScalesEveryGradientByTheGlobalNorm()
    {
        using var scope = NewDisposeScope();
        var a = zeros([3], requires_grad: true);
        var b = zeros([2, 2], requires_grad: true);
        var frozen = zeros([2], requires_grad: true);
        // Gradients (3, 0, 0) and ((0, 4), (0, 0)): global L2 norm 5; frozen gets none.
        ((a * tensor(new float[] { 3, 0, 0 })).sum() + (b * tensor(new float[] { 0, 4, 0, 0 }, [2, 2])).sum()).backward();

        var norm = GradientClipping.ClipGradNorm([a, b, frozen], 2.0);
        Assert.Equal(5.0, norm.ToDouble(), 5);
        // Scaled by max_norm / (norm + 1e-6), as torch.nn.utils.clip_grad_norm_.
        var factor = 2.0 / (5.0 + 1e-6);
        Assert.Equal(new[] { 3 * factor, 0, 0 }, a.grad!.@double().data<double>(), new Close(1e-6));
        Assert.Equal(new[] { 0, 4 * factor, 0, 0 }, b.grad!.@double().flatten().data<double>(), new Close(1e-6));
        Assert.Null(frozen.grad);

        // Under the bound nothing changes.
        var again = GradientClipping.ClipGradNorm([a, b], 10.0);
        Assert.Equal(2.0, again.ToDouble(), 5);
        Assert.Equal(new[] { 3 * factor, 0, 0 }, a.grad!.@double().data<double>(), new Close(1e-6));
    }

    [Fact]
    public void GeometryIsTheMeanDistanceToTheClassMeanOverTheMeanDistanceBetweenMeans()
    {
        using var scope = NewDisposeScope();
        // Class 0 at (0,0) and (2,0), mean (1,0); class 1 at (10,0) and (10,2), mean (10,1); class 2 absent.
        var f = tensor(new float[] { 0, 0, 2, 0, 10, 0, 10, 2 }, [4, 2]);
        var y = tensor(new long[] { 0, 0, 1, 1 });
        var g = FeatureGeometry.Measure("f", f, y, numClasses: 3);
        Assert.Equal(1.0, g.Intra, 6);
        Assert.Equal(Math.Sqrt(82), g.Inter, 6);
        Assert.Equal(1.0 / Math.Sqrt(82), g.Ratio, 6);

        // A feature map is pooled by global averaging first: the same points as 2×1×2 maps.
        var maps = f.view(4, 2, 1, 1).expand(4, 2, 1, 2);
        var pooled = FeatureGeometry.Measure("map", maps, y, numClasses: 3);
        Assert.Equal(g.Intra, pooled.Intra, 6);
        Assert.Equal(g.Inter, pooled.Inter, 6);

        // One class present: no pair of means, inter 0 and no ratio.
        var single = FeatureGeometry.Measure("f", f[..2], y[..2], numClasses: 3);
        Assert.Equal(0.0, single.Inter);
        Assert.True(double.IsNaN(single.Ratio));
    }

    /// <summary>Logits are the input pixels themselves (C = classes, H = W = 1); the feature "f"
    /// is twice them. Records the mode and gradient state it ran under.</summary>
    private sealed class PixelClassifier : FeatureClassifier
    {
        public readonly List<(bool Training, bool Grad)> Calls = new();

        public override int NumClasses => 3;

        public override IReadOnlyList<string> FeatureNames => ["f"];

        public override ModelOutput forward(Tensor input)
        {
            Calls.Add((training, is_grad_enabled()));
            var logits = input.flatten(1);
            return new ModelOutput(logits, new Dictionary<string, Tensor> { ["f"] = logits * 2 });
        }
    }

    [Fact]
    public void EvaluateCountsCorrectArgmaxesAndMeasuresGeometryInEvalMode()
    {
        using var scope = NewDisposeScope();
        float[] pixels =
        [
            5, 0, 0, // argmax 0, label 0: right
            0, 5, 0, // argmax 1, label 1: right
            0, 0, 5, // argmax 2, label 1: wrong
            1, 0, 0, // argmax 0, label 0: right
            0, 0, 3, // argmax 2, label 2: right (beyond the limit below)
        ];
        var images = tensor(pixels, [5, 3, 1, 1]);
        var labels = tensor(new long[] { 0, 1, 1, 0, 2 });
        using var set = new TensorImageSet("pixels", DataSplit.Test, ["a", "b", "c"], images, labels);
        using var model = new PixelClassifier();
        Assert.True(model.training);

        var all = Evaluate.Run(model, new DataLoader(set, 2), geometryLayers: ["f"]);
        Assert.Equal(5, all.Samples);
        Assert.Equal(4.0 / 5, all.Accuracy, 12);
        Assert.Null(all.NearestPrototypeAccuracy);
        Assert.Equal(3, model.Calls.Count);
        Assert.All(model.Calls, c => Assert.Equal((false, false), c));
        Assert.True(model.training);
        var expected = FeatureGeometry.Measure("f", (images.flatten(1) * 2), labels, 3);
        var measured = Assert.Single(all.Geometry);
        Assert.Equal(expected.Intra, measured.Intra, 6);
        Assert.Equal(expected.Inter, measured.Inter, 6);

        var limited = Evaluate.Run(model, new DataLoader(set, 3, limit: 4));
        Assert.Equal(4, limited.Samples);
        Assert.Equal(3.0 / 4, limited.Accuracy, 12);
        Assert.Empty(limited.Geometry);

        var (features, featureLabels, predictions) = Evaluate.CollectFeatures(model, new DataLoader(set, 2), "f");
        Assert.Equal(new long[] { 0, 1, 1, 0, 2 }, featureLabels);
        Assert.Equal(new long[] { 0, 1, 2, 0, 2 }, predictions);
        Assert.Equal(10f, features[0, 0]);
        Assert.Equal(6f, features[4, 2]);
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
