using RobustNotebooks.Losses;

namespace RobustNotebooks.Attacks;

/// <summary>The adaptive attacks on a PCL model, as APGD with losses that target its prototypes (see
/// <see cref="PrototypeLoss"/>): the prototype loss alone, or DLR on the logits plus λ times it. For a model
/// that predicts by argmax, attack the model itself; for one that predicts by the nearest prototype, wrap it
/// in a <see cref="NearestPrototypeClassifier"/> first, so success is judged by that rule (the DLR term then
/// acts on its distance logits).</summary>
public static class AdaptivePcl
{
    /// <summary>APGD on the prototype loss of every PCL layer.</summary>
    public static Apgd Prototype(PrototypeConformityLoss pcl, int iterations = 100, int restarts = 1, GradientEstimator? gradient = null, long seed = 0) =>
        new() { Loss = new PrototypeLoss(pcl), Iterations = iterations, Restarts = restarts, Gradient = gradient ?? GradientEstimator.Backprop, Seed = seed };

    /// <summary>APGD on DLR(logits) + λ·prototype loss.</summary>
    public static Apgd Combined(PrototypeConformityLoss pcl, double weight = 1.0, int iterations = 100, int restarts = 1, GradientEstimator? gradient = null, long seed = 0) =>
        new() { Loss = new WeightedSumLoss((new DlrLoss(), 1.0), (new PrototypeLoss(pcl), weight)), Iterations = iterations, Restarts = restarts, Gradient = gradient ?? GradientEstimator.Backprop, Seed = seed };
}
