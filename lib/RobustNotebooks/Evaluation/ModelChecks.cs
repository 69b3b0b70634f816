using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Evaluation;

/// <summary>Checks of a model itself on the first batch of an evaluation (AutoAttack's checks.py and
/// RobustBench's admission rules): do input gradients exist, and does the output repeat. Two losses are
/// checked because they fail differently: cross-entropy's gradient underflows to exactly zero once the
/// softmax saturates (huge logit margins), the logit margin's only when the logits ignore the input.</summary>
/// <param name="Examples">examples checked</param>
/// <param name="ZeroCeGradients">examples whose cross-entropy gradient with respect to the input is exactly zero</param>
/// <param name="NonFiniteCeGradients">examples whose cross-entropy input gradient has a NaN or infinity</param>
/// <param name="ZeroMarginGradients">the same for the margin z_y − max_{i≠y} z_i</param>
/// <param name="NonFiniteMarginGradients">the same for the margin</param>
/// <param name="MaxLogitChange">largest |Δ logit| between two forward passes on the same images</param>
/// <param name="MaxLogit">largest |logit| seen, the scale the change is compared with</param>
public sealed record ModelChecks(int Examples, int ZeroCeGradients, int NonFiniteCeGradients, int ZeroMarginGradients,
    int NonFiniteMarginGradients, double MaxLogitChange, double MaxLogit)
{
    /// <summary>Runs the checks in eval mode (the model's mode is restored); leaves no gradient on the
    /// parameters.</summary>
    public static ModelChecks Run(FeatureClassifier model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            int zeroCe, nonFiniteCe, zeroMargin, nonFiniteMargin;
            using (enable_grad())
            {
                var x = images.detach().clone().requires_grad_(true);
                var logits = model.logits(x);
                var ce = nn.functional.cross_entropy(logits, labels, reduction: Reduction.Sum);
                var index = labels.unsqueeze(1);
                var own = logits.gather(1, index).squeeze(1);
                var best = logits.scatter(1, index, double.NegativeInfinity).amax(1);
                var margin = (own - best).sum();
                (zeroCe, nonFiniteCe) = Inspect(Gradient(ce, x, retain: true), x);
                (zeroMargin, nonFiniteMargin) = Inspect(Gradient(margin, x, retain: false), x);
            }

            double change, scale;
            using (no_grad())
            {
                var first = model.logits(images);
                var second = model.logits(images);
                change = (first - second).abs().max().ToDouble();
                scale = first.abs().max().ToDouble();
            }
            return new((int)images.size(0), zeroCe, nonFiniteCe, zeroMargin, nonFiniteMargin, change, scale);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    // A model that detaches its input (a non-differentiable preprocessing) has no graph back to it at all:
    // that is a zero gradient, not an error.
    private static Tensor? Gradient(Tensor output, Tensor input, bool retain) =>
        output.requires_grad ? autograd.grad([output], [input], retain_graph: retain, allow_unused: true)[0] : null;

    private static (int Zero, int NonFinite) Inspect(Tensor? gradient, Tensor input)
    {
        if (gradient is null) return ((int)input.size(0), 0);
        var flat = gradient.flatten(1);
        var zero = flat.abs().amax(1).eq(0).sum().ToInt64();
        var nonFinite = flat.isfinite().all(1).logical_not().sum().ToInt64();
        return ((int)zero, (int)nonFinite);
    }
}
