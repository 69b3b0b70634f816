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
                (zeroCe, nonFiniteCe) = Inspect(autograd.grad(ce, x, retain_graph: true));
                var index = labels.unsqueeze(1);
                var own = logits.gather(1, index).squeeze(1);
                var best = logits.scatter(1, index, double.NegativeInfinity).amax(1);
                (zeroMargin, nonFiniteMargin) = Inspect(autograd.grad((own - best).sum(), x));
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

    private static (int Zero, int NonFinite) Inspect(Tensor gradient)
    {
        var flat = gradient.flatten(1);
        var zero = flat.abs().amax(1).eq(0).sum().ToInt64();
        var nonFinite = flat.isfinite().all(1).logical_not().sum().ToInt64();
        return ((int)zero, (int)nonFinite);
    }
}
