namespace RobustNotebooks.Evaluation;

/// <summary>Where each audit check draws its line. Accuracies are fractions.</summary>
public sealed record AuditThresholds
{
    /// <summary>By how much an attack must beat another before "A beats B" counts: AutoAttack's 0.2 %
    /// (checks.py flags Square when it lowers accuracy by more than this).</summary>
    public double BeatsBy { get; init; } = 0.002;

    /// <summary>More steps or restarts lowering accuracy by more than this means the attack had not
    /// converged (1 point).</summary>
    public double ConvergenceDrop { get; init; } = 0.01;

    /// <summary>An L∞ budget this large is "large": at ε = 0.5 every [0, 1] image can become the same
    /// grey image, so a working attack leaves about nothing correct.</summary>
    public double LargeEps { get; init; } = 0.5;

    /// <summary>Accuracy at a large ε above this is not "about zero".</summary>
    public double MaxAccuracyAtLargeEps { get; init; } = 0.05;

    /// <summary>The paper protocol's worst case above the strong one's by more than this (5 points) is a
    /// large gap: the paper's attacks were too weak for this model.</summary>
    public double PaperStrongGap { get; init; } = 0.05;

    /// <summary>Two forward passes differing by more than this times (1 + the largest |logit|) make the
    /// model randomised.</summary>
    public double RandomizedRelative { get; init; } = 1e-5;
}
