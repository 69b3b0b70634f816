using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>BPDA (Athalye et al. 2018): the forward pass runs the defended model unchanged, but the backward
/// pass through each non-differentiable <see cref="IInputTransform"/> of a <see cref="TransformedClassifier"/>
/// uses the identity (straight-through), or the gradient of a differentiable stand-in when one is given
/// (needed when the transform changes the image size). Written as t(x) = s(x) + (g(x) − s(x)) with the
/// bracket detached, so the value is g(x) and the gradient is that of s. Differentiable transforms keep
/// their true gradient; a model without transforms gets plain backpropagation.</summary>
public sealed class StraightThrough : GradientEstimator
{
    public StraightThrough(IInputTransform? backward = null) => Backward = backward;

    /// <summary>The differentiable stand-in whose gradient replaces the transform's; null for the identity.</summary>
    public IInputTransform? Backward { get; }

    public override string Name => Backward is null ? "bpda" : $"bpda:{Backward.Name}";

    public override GradientEstimate Estimate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Query(x => Forward(model, x), input, loss, withGradient: true);

    public override GradientEstimate Evaluate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Query(x => Forward(model, x), input, loss, withGradient: false);

    private ModelOutput Forward(FeatureClassifier model, Tensor x)
    {
        if (model is not TransformedClassifier defended) return model.forward(x);
        using var bridged = Bridge(defended.Transform, x);
        return Forward(defended.Inner, bridged);
    }

    private Tensor Bridge(IInputTransform transform, Tensor x)
    {
        if (transform.IsDifferentiable) return transform.Apply(x);
        Tensor value;
        using (no_grad()) value = transform.Apply(x);
        using var _ = value;
        using var standIn = Backward is null ? x.alias() : Backward.Apply(x);
        if (!standIn.shape.SequenceEqual(value.shape))
            throw new InvalidOperationException($"BPDA: the transform {transform.Name} maps [{string.Join(", ", x.shape)}] to " +
                $"[{string.Join(", ", value.shape)}], so the identity cannot stand in for its backward; give a differentiable stand-in of the same output size");
        using var gap = value - standIn;
        using var frozen = gap.detach();
        return standIn + frozen;
    }
}
