using RobustNotebooks.Attacks;
using RobustNotebooks.Models;

namespace RobustNotebooks.Evaluation;

/// <summary>The strong protocol (AutoAttack's standard version, reference hyperparameters): APGD-CE, then
/// targeted APGD-DLR over 9 targets, each only on the points every earlier attack left standing, with the
/// gradient the model calls for (BPDA across a non-differentiable input transform, EOT over a randomised
/// one). A second APGD-CE with two fresh restarts on the survivors checks convergence: if it still breaks
/// more than a point, the numbers above it were not converged.</summary>
public static class StrongProtocol
{
    /// <summary>The attacks by key, in the order they run; keys select a subset (--attacks).</summary>
    public static IReadOnlyList<(string Key, Func<long, GradientEstimator, PlannedAttack> Create)> Attacks { get; } =
    [
        ("apgd-ce", (seed, gradient) => new PlannedAttack(new Apgd { Gradient = gradient, Seed = seed }, AttackFamily.Iterative)),
        ("apgd-t", (seed, gradient) => new PlannedAttack(new ApgdTargeted { Gradient = gradient, Seed = seed }, AttackFamily.Iterative)),
        ("apgd-ce", (seed, gradient) => new PlannedAttack(new Apgd { Gradient = gradient, Restarts = 2, Seed = seed + 1 }, AttackFamily.Iterative) { VariantOf = "APGD-CE" }),
    ];

    public static EvaluationTask Task(FeatureClassifier model, double eps, long seed, IReadOnlyCollection<string>? keys = null)
    {
        var gradient = Protocols.GradientFor(model);
        var chosen = Protocols.Select(Attacks.Select(a => (a.Key, (Func<long, PlannedAttack>)(s => a.Create(s, gradient)))).ToList(), keys, Protocols.Strong);
        return new(Protocols.Strong, eps, CompositionMode.Cascade, chosen.Select(a => a(seed)).ToList());
    }
}
