using System.Globalization;

namespace RobustNotebooks.Evaluation;

/// <summary>A sign that an evaluation may overstate robustness, with the numbers that raised it.</summary>
/// <param name="Kind">one of the <see cref="AuditKinds"/> constants</param>
/// <param name="Model">the model it concerns</param>
/// <param name="Message">what was seen and what to do about it, in a sentence or two</param>
/// <param name="Evidence">the numbers behind it (accuracies as fractions, counts, ε)</param>
public sealed record AuditFlag(string Kind, string Model, string Message, IReadOnlyDictionary<string, double> Evidence)
{
    /// <summary>The budget the flag concerns, when it concerns one.</summary>
    public double? Eps => Evidence.TryGetValue("eps", out var eps) ? eps : null;

    /// <summary>The numbers behind the flag other than its ε, as "name = value" (4 significant digits), for a table.</summary>
    public string EvidenceText => string.Join(", ", Evidence.Where(e => e.Key != "eps")
        .Select(e => $"{e.Key} = {e.Value.ToString("G4", CultureInfo.InvariantCulture)}"));

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
