namespace RobustNotebooks.Attacks;

/// <summary>PGD (Madry et al. 2018): a uniform random start in the ε-ball, then projected steps; restarts
/// keep the per-example best. Defaults: 10 steps of 2.5·ε/10 on cross-entropy, one restart, L∞.
/// The paper protocol's PGD (the official PCL code) is <c>new Pgd { RandomStart = false, StepSize = 2/255 }</c>.</summary>
public sealed class Pgd : ProjectedGradientDescent
{
    public Pgd()
    {
        Steps = 10;
        RelativeStepSize = 0.25;
        RandomStart = true;
    }

    public override string Name =>
        (ThreatNorm == AttackNorm.Linf ? "PGD" : $"PGD-{ThreatNorm.Name}") + $"-{Steps}" + (Restarts > 1 ? $"x{Restarts}" : "") +
        (Loss is CrossEntropyLoss ? "" : $"-{Loss.Name}");
}
