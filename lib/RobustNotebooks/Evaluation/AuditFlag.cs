using System.Globalization;

namespace RobustNotebooks.Evaluation;

/// <summary>A sign that an evaluation may overstate robustness, with the numbers that raised it.</summary>
/// <param name="Kind">one of the <see cref="AuditKinds"/> constants</param>
/// <param name="Model">the model it concerns</param>
/// <param name="Message">what was seen and what to do about it, in a sentence or two</param>
/// <param name="Evidence">the numbers behind it (accuracies as fractions, counts, ε)</param>
public sealed record AuditFlag(string Kind, string Model, string Message, IReadOnlyDictionary<string, double> Evidence)
{
    public override string ToString() =>
        $"[{Kind}] {Model}: {Message} ({string.Join(", ", Evidence.Select(e => $"{e.Key}={e.Value.ToString("G6", CultureInfo.InvariantCulture)}"))})";
}

/// <summary>The audit's flag kinds (Carlini et al. 2019's checklist, Athalye et al. 2018's signs of
/// gradient masking, AutoAttack's checks).</summary>
public static class AuditKinds
{
    public const string IterativeWeakerThanSingleStep = "iterative-weaker-than-single-step";
    public const string BlackBoxStrongerThanWhiteBox = "black-box-stronger-than-white-box";
    public const string NotZeroAtLargeEps = "not-zero-at-large-eps";
    public const string NotConverged = "not-converged";
    public const string ZeroOrNonFiniteGradients = "zero-or-non-finite-gradients";
    public const string RandomizedOutput = "randomized-output";
    public const string PaperStrongGap = "paper-strong-gap";
}
