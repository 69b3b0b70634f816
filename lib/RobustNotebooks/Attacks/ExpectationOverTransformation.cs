using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>EOT (Athalye et al. 2018) for randomised models: every query averages the loss, the logits and
/// the gradient over <see cref="Samples"/> forward passes, each with its own random draw, so the attack
/// follows ∇ E[loss] instead of one draw's noise. The prediction is read from the averaged logits.
/// Each draw goes through <see cref="Inner"/> (backprop, or BPDA for a transform that is also
/// non-differentiable).</summary>
public sealed class ExpectationOverTransformation : GradientEstimator
{
    public ExpectationOverTransformation(int samples, GradientEstimator? inner = null)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "EOT needs at least one sample per query");
        Samples = samples;
        Inner = inner ?? Backprop;
    }

    public int Samples { get; }

    public GradientEstimator Inner { get; }

    public override string Name => Inner is Backpropagation ? $"eot-{Samples}" : $"eot-{Samples}+{Inner.Name}";

    public override GradientEstimate Estimate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Average(() => Inner.Estimate(model, input, loss));

    public override GradientEstimate Evaluate(FeatureClassifier model, Tensor input, Func<ModelOutput, Tensor> loss) =>
        Average(() => Inner.Evaluate(model, input, loss));

    private GradientEstimate Average(Func<GradientEstimate> draw)
    {
        var first = draw();
        Tensor loss = first.Loss, logits = first.Logits;
        Tensor? gradient = first.Gradient;
        for (int i = 1; i < Samples; i++)
        {
            var next = draw();
            loss = Accumulate(loss, next.Loss);
            logits = Accumulate(logits, next.Logits);
            if (gradient is not null) gradient = Accumulate(gradient, next.Gradient!);
        }
        if (Samples == 1) return first;
        using (loss) using (logits) using (gradient)
            return new GradientEstimate(loss / Samples, logits / Samples, gradient is null ? null : gradient / Samples);
    }

    private static Tensor Accumulate(Tensor sum, Tensor next)
    {
        using (sum) using (next) return sum + next;
    }
}
