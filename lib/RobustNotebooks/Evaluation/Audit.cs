using System.Globalization;

namespace RobustNotebooks.Evaluation;

/// <summary>Every audit check in one place. Each reads the results (and the model checks) and returns
/// the flags it raises, each with the numbers behind it.</summary>
public static class Audit
{
    public static IReadOnlyList<AuditFlag> Check(IReadOnlyList<ResultRow> rows, IReadOnlyDictionary<string, ModelChecks> checks,
        AuditThresholds? thresholds = null)
    {
        var t = thresholds ?? new AuditThresholds();
        var flags = new List<AuditFlag>();
        foreach (var (model, c) in checks) flags.AddRange(ModelFlags(model, c, t));
        foreach (var task in rows.Where(r => r.IsAttack).GroupBy(r => (r.Model, r.Protocol, r.Eps)))
        {
            var attacks = task.ToList();
            var worst = rows.First(r => r.Model == task.Key.Model && r.Protocol == task.Key.Protocol && r.Eps == task.Key.Eps && r.Attack == ResultRow.WorstCase);
            flags.AddRange(IterativeWeakerThanSingleStep(attacks, t));
            flags.AddRange(BlackBoxStrongerThanWhiteBox(attacks, t));
            flags.AddRange(NotConverged(attacks, t));
            if (task.Key.Eps >= t.LargeEps && worst.Accuracy > t.MaxAccuracyAtLargeEps)
                flags.Add(new(AuditKinds.NotZeroAtLargeEps, worst.Model,
                    $"{Pct(worst.Accuracy)} of the samples survive every {worst.Protocol} attack at ε={E(worst.Eps)}, where a working attack leaves about none: the attacks are failing (masked or too weak), not the model robust",
                    new Dictionary<string, double> { ["eps"] = worst.Eps, ["accuracy"] = worst.Accuracy, ["threshold"] = t.MaxAccuracyAtLargeEps, ["n"] = worst.N }));
        }
        flags.AddRange(PaperStrongGap(rows, t));
        return flags;
    }

    private static IEnumerable<AuditFlag> ModelFlags(string model, ModelChecks c, AuditThresholds t)
    {
        if (c.ZeroCeGradients + c.NonFiniteCeGradients + c.ZeroMarginGradients + c.NonFiniteMarginGradients > 0)
        {
            var which = c.ZeroMarginGradients + c.NonFiniteMarginGradients > 0
                ? "the input gradient of the logit margin vanishes or is not finite: gradient attacks are blind here; use BPDA (straight-through) or gradient-free attacks"
                : "the cross-entropy gradient vanishes (saturated softmax) while the margin's does not: CE-based attacks stall; margin and DLR losses (APGD-DLR) still work";
            yield return new(AuditKinds.ZeroOrNonFiniteGradients, model, which, new Dictionary<string, double>
            {
                ["examples"] = c.Examples, ["zero_ce"] = c.ZeroCeGradients, ["non_finite_ce"] = c.NonFiniteCeGradients,
                ["zero_margin"] = c.ZeroMarginGradients, ["non_finite_margin"] = c.NonFiniteMarginGradients,
            });
        }
        if (c.MaxLogitChange > t.RandomizedRelative * (1 + c.MaxLogit))
            yield return new(AuditKinds.RandomizedOutput, model,
                "two forward passes on the same images give different logits: single-draw gradients mislead; attack with EOT and read accuracy over draws",
                new Dictionary<string, double> { ["max_logit_change"] = c.MaxLogitChange, ["max_logit"] = c.MaxLogit });
    }

    // Carlini et al. §"basic sanity": iterative attacks must be at least as strong as one step. Only
    // attacks run alone (Each) are comparable; in a cascade later attacks never see the broken points.
    private static IEnumerable<AuditFlag> IterativeWeakerThanSingleStep(List<ResultRow> attacks, AuditThresholds t)
    {
        foreach (var single in attacks.Where(r => r.Family == AttackFamily.SingleStep && r.Mode == CompositionMode.Each && r.CraftOn is null))
            foreach (var iterative in attacks.Where(r => r.Family == AttackFamily.Iterative && r.Mode == CompositionMode.Each && r.CraftOn is null))
                if (iterative.Accuracy > single.Accuracy + t.BeatsBy)
                    yield return new(AuditKinds.IterativeWeakerThanSingleStep, single.Model,
                        $"{iterative.Attack} leaves more samples correct than the single step {single.Attack} ({iterative.Protocol}, ε={E(single.Eps)}): its gradients mislead it (masking) or its steps are too small",
                        new Dictionary<string, double> { ["eps"] = single.Eps, [Key(single.Attack)] = single.Accuracy, [Key(iterative.Attack)] = iterative.Accuracy, ["n"] = single.N });
    }

    // Athalye et al. sign 2 and AutoAttack's Square check: a black-box attack that knows less must not
    // find what the white-box attacks missed.
    private static IEnumerable<AuditFlag> BlackBoxStrongerThanWhiteBox(List<ResultRow> attacks, AuditThresholds t)
    {
        var white = attacks.Where(r => r.Family!.Value.IsWhiteBox()).ToList();
        if (white.Count == 0) yield break;
        var whiteBroken = new bool[white[0].N];
        foreach (var w in white)
            foreach (var (b, i) in Bits.Parse(w.BrokenExamples!, w.Attack).Select((b, i) => (b, i)))
                whiteBroken[i] |= b;
        var bestWhite = white.Where(r => r.Mode == CompositionMode.Each).Select(r => r.Accuracy).DefaultIfEmpty(double.NaN).Min();
        foreach (var black in attacks.Where(r => !r.Family!.Value.IsWhiteBox()))
        {
            var broken = Bits.Parse(black.BrokenExamples!, black.Attack);
            var extra = broken.Where((b, i) => b && !whiteBroken[i]).Count();
            var lower = black.Mode == CompositionMode.Each && black.Accuracy < bestWhite - t.BeatsBy;
            if (!lower && (double)extra / black.N <= t.BeatsBy) continue;
            var evidence = new Dictionary<string, double>
            {
                ["eps"] = black.Eps, ["extra_broken"] = extra, ["n"] = black.N, [Key(black.Attack)] = black.Accuracy,
            };
            // A cascade runs no white-box attack alone, so there is no accuracy to compare with.
            if (!double.IsNaN(bestWhite)) evidence["best_white_box_alone"] = bestWhite;
            yield return new(AuditKinds.BlackBoxStrongerThanWhiteBox, black.Model,
                $"{black.Attack} ({black.Family!.Value.Name()}) breaks {extra} sample(s) that no white-box attack broke ({black.Protocol}, ε={E(black.Eps)}): the white-box gradients are masked or the attacks misconfigured",
                evidence);
        }
    }

    // Carlini et al.: doubling iterations or adding restarts must not change the result. Alone, compare
    // the variant with its base; in a cascade, with the accuracy just before the variant ran.
    private static IEnumerable<AuditFlag> NotConverged(List<ResultRow> attacks, AuditThresholds t)
    {
        for (int i = 0; i < attacks.Count; i++)
        {
            var variant = attacks[i];
            if (variant.VariantOf is null) continue;
            var reference = variant.Mode == CompositionMode.Cascade ? (i > 0 ? attacks[i - 1] : null) : attacks.FirstOrDefault(r => r.Attack == variant.VariantOf);
            if (reference is null) continue;
            if (variant.Accuracy < reference.Accuracy - t.ConvergenceDrop)
                yield return new(AuditKinds.NotConverged, variant.Model,
                    $"{variant.Attack} (more steps or restarts than {variant.VariantOf}) lowers accuracy from {Pct(reference.Accuracy)} to {Pct(variant.Accuracy)} ({variant.Protocol}, ε={E(variant.Eps)}): {variant.VariantOf} had not converged; report the stronger number",
                    new Dictionary<string, double> { ["eps"] = variant.Eps, ["before"] = reference.Accuracy, ["after"] = variant.Accuracy, ["n"] = variant.N });
        }
    }

    private static IEnumerable<AuditFlag> PaperStrongGap(IReadOnlyList<ResultRow> rows, AuditThresholds t)
    {
        var worst = rows.Where(r => r.Attack == ResultRow.WorstCase).ToList();
        foreach (var paper in worst.Where(r => r.Protocol == Protocols.Paper))
        {
            var strong = worst.FirstOrDefault(r => r.Protocol == Protocols.Strong && r.Model == paper.Model && r.Eps == paper.Eps);
            if (strong is null || paper.Accuracy - strong.Accuracy <= t.PaperStrongGap) continue;
            yield return new(AuditKinds.PaperStrongGap, paper.Model,
                $"the paper protocol reports {Pct(paper.Accuracy)} at ε={E(paper.Eps)}, the strong protocol {Pct(strong.Accuracy)}: the paper's attacks overstate this model's robustness",
                new Dictionary<string, double> { ["eps"] = paper.Eps, ["paper"] = paper.Accuracy, ["strong"] = strong.Accuracy, ["n"] = paper.N });
        }
    }

    private static string Key(string attack) => "accuracy " + attack;

    private static string Pct(double fraction) => (100 * fraction).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string E(double eps) => eps.ToString("0.######", CultureInfo.InvariantCulture);
}
