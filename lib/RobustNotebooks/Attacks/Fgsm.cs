namespace RobustNotebooks.Attacks;

/// <summary>FGSM (Goodfellow et al. 2015): one step of length ε along the sign of the cross-entropy
/// gradient from the image itself, x' = clip(x + ε·sign(∇ₓCE)).</summary>
public sealed class Fgsm : ProjectedGradientDescent
{
    public Fgsm()
    {
        Steps = 1;
        RelativeStepSize = 1.0;
        RandomStart = false;
    }

    public override string Name => ThreatNorm == AttackNorm.Linf ? "FGSM" : $"FGM-{ThreatNorm.Name}";
}
