using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>How a gradient attack obtains ∇ₓ of its loss: plain backpropagation, BPDA (a straight-through
/// backward across a non-differentiable input transform) or EOT (the average over random draws of a
/// randomised model). Every gradient attack takes one, so the adaptive variants need no copies of the
/// attacks. Gradients are taken with respect to the input only: no parameter's .grad is touched.</summary>
public abstract class GradientEstimator
{
    /// <summary>Exact gradients of the model as it is.</summary>
    public static readonly GradientEstimator Backprop = new Backpropagation();

    /// <summary>"backprop", "bpda", "eot-20+bpda", ...</summary>
    public abstract string Name { get; }

    /// <summary>The loss, the logits and the gradient at <paramref name="input"/> (which is not modified).</summary>
    public abstract GradientEstimate Estimate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss);

    /// <summary>The loss and the logits at <paramref name="input"/> without a gradient (the final check of
    /// an attack, Square's queries): the same forward the gradient query would make.</summary>
    public abstract GradientEstimate Evaluate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss);

    public override string ToString() => Name;

    /// <summary>One forward through <paramref name="forward"/> and, when asked, one backward to the input
    /// (zero where the forward does not depend on it).</summary>
    protected static GradientEstimate Query(Func<Tensor, ModelOutput> forward, Tensor input, Func<ModelOutput, Tensor> loss, bool withGradient)
    {
        if (!withGradient)
        {
            using var _ = no_grad();
            using var output = forward(input);
            CheckFinite(output.Logits);
            var values = loss(output);
            return new GradientEstimate(values, output.Logits.alias(), null);
        }
        using var grad = enable_grad();
        using var leaf = input.detach().requires_grad_();
        using var result = forward(leaf);
        CheckFinite(result.Logits);
        using var perExample = loss(result);
        using var total = perExample.sum();
        // A model that detaches its input (a non-differentiable preprocessing such as JPEG) has no graph
        // back to it: its gradient is zero, which is what a plain attack sees; BPDA is the way through.
        var gradient = total.requires_grad
            ? autograd.grad([total], [leaf], allow_unused: true)[0] ?? zeros_like(leaf)
            : zeros_like(leaf);
        return new GradientEstimate(perExample.detach(), result.Logits.detach(), gradient);
    }

    /// <summary>Non-finite logits would silently turn every step into NaN: stop with the cause instead.</summary>
    internal static void CheckFinite(Tensor logits)
    {
        using var finite = logits.isfinite();
        using var all = finite.all();
        if (!all.item<bool>())
            throw new InvalidOperationException("the model returned non-finite logits (NaN or ±∞) for a point inside the attack's ε-ball; " +
                "attacks need finite logits (check the model's weights and its normalisation)");
    }
}
