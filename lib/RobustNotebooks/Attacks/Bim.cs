namespace RobustNotebooks.Attacks;

/// <summary>BIM (Kurakin et al. 2016): FGSM repeated from the image, with projection, no random start.
/// Defaults are the official PCL evaluation code's: 10 iterations of step ε/10 on cross-entropy.</summary>
public sealed class Bim : ProjectedGradientDescent
{
    public Bim()
    {
        Steps = 10;
        RelativeStepSize = 0.1;
        RandomStart = false;
    }

    public override string Name => $"BIM-{Steps}";
}
