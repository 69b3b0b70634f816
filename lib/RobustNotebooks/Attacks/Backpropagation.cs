using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>The exact input gradient of the model's loss by one backward pass.</summary>
public sealed class Backpropagation : GradientEstimator
{
    internal Backpropagation() { }

    public override string Name => "backprop";

    public override GradientEstimate Estimate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Query(model.forward, input, loss, withGradient: true);

    public override GradientEstimate Evaluate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Query(model.forward, input, loss, withGradient: false);
}
