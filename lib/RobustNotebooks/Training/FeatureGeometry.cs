using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Training;

/// <summary>How tightly each class clusters in a feature space: the mean distance of a feature to its
/// class mean (intra), the mean distance between two class means (inter), and their ratio. PCL should
/// drive the ratio down; a softmax network leaves long radial "spokes" and a high ratio.</summary>
public sealed record FeatureGeometry(string Layer, double Intra, double Inter)
{
    public double Ratio => Inter > 0 ? Intra / Inter : double.NaN;

    /// <summary>Measures features (N×D, or N×C×H×W pooled by global averaging) against labels (N).</summary>
    public static FeatureGeometry Measure(string layer, Tensor features, Tensor labels, int numClasses)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var f = (features.dim() == 4 ? features.mean([2, 3]) : features).to(ScalarType.Float64);
        var oneHot = nn.functional.one_hot(labels, numClasses).to(ScalarType.Float64);
        var counts = oneHot.sum(0);
        var present = counts.gt(0);
        var means = oneHot.t().mm(f) / counts.clamp_min(1).unsqueeze(1);
        var own = means.index_select(0, labels);
        var intra = (f - own).norm(2, 1).mean().ToDouble();
        var presentMeans = means.index_select(0, present.nonzero().squeeze(1));
        var k = presentMeans.size(0);
        double inter = 0;
        if (k > 1)
        {
            var d = presentMeans.unsqueeze(1) - presentMeans.unsqueeze(0);
            // The diagonal is zero, so the sum over all ordered pairs divided by k(k−1) is the mean over j ≠ k.
            inter = d.norm(2, 2).sum().ToDouble() / (k * (k - 1));
        }
        return new FeatureGeometry(layer, intra, inter);
    }
}
