namespace RobustNotebooks.Attacks;

/// <summary>MIM / MI-FGSM (Dong et al. 2018): BIM with a momentum step rule. Defaults are the official PCL
/// code's: 10 iterations of step ε/10, gradient divided by its per-example mean absolute value, decay 1.</summary>
public sealed class Mim : ProjectedGradientDescent
{
    public Mim()
    {
        Steps = 10;
        RelativeStepSize = 0.1;
        RandomStart = false;
        StepRule = StepRule.Momentum(1.0);
    }

    public override string Name => $"MIM-{Steps}";
}
