using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>MI-FGSM's momentum (Dong et al. 2018) in the official PCL code's form: each example's gradient
/// is divided by its mean absolute value (Dong's L1 normalisation up to a constant factor, which the sign
/// step ignores) and added to the decayed velocity. A zero gradient adds nothing instead of NaN.</summary>
public sealed class MomentumStep : StepRule
{
    internal MomentumStep(double decay)
    {
        if (!double.IsFinite(decay) || decay < 0) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the momentum decay must be ≥ 0");
        Decay = decay;
    }

    public double Decay { get; }

    public override string Name => $"momentum:{Decay.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public override (Tensor direction, Tensor? memory) Direction(Tensor gradient, Tensor? memory)
    {
        var dims = Enumerable.Range(1, (int)gradient.dim() - 1).Select(d => (long)d).ToArray();
        using var abs = gradient.abs();
        using var scale = abs.mean(dims, keepdim: true);
        using var safe = scale.clamp_min(1e-12);
        var normalized = gradient / safe;
        if (memory is null) return (normalized.alias(), normalized);
        using (normalized)
        {
            using var decayed = memory * Decay;
            var velocity = decayed + normalized;
            return (velocity.alias(), velocity);
        }
    }
}
