using RobustNotebooks.Attacks;
using RobustNotebooks.Losses;

namespace RobustNotebooks.Evaluation;

/// <summary>The strong protocol (AutoAttack's standard version with its reference hyperparameters, plus the
/// adaptive attacks a defense calls for): APGD-CE, then targeted APGD-DLR over 9 targets, then — for a PCL
/// model — APGD on its prototype distances (alone, then with DLR on the logits), then Square (5,000 queries,
/// gradient-free), each only on the points every earlier attack left standing, with the gradient the model
/// calls for (BPDA across a non-differentiable input transform, EOT over a randomised one). The cheap
/// gradient attacks run first, so the costly Square only queries what they could not break. A second
/// APGD-CE with two fresh restarts on the survivors checks convergence: if it still breaks more than a
/// point, the numbers above it were not converged.</summary>
public static class StrongProtocol
{
    /// <summary>What an attack factory knows of the model under evaluation.</summary>
    /// <param name="Pcl">the model's PCL layers and prototypes, when it was trained with PCL</param>
    public sealed record Context(long Seed, GradientEstimator Gradient, PrototypeConformityLoss? Pcl, StrongBudget Budget);

    /// <summary>The attacks by key, in the order they run; keys select a subset (--attacks). A factory gives
    /// nothing when the model does not call for its attack (the adaptive PCL attacks on a model without PCL).</summary>
    public static IReadOnlyList<(string Key, Func<Context, IEnumerable<PlannedAttack>> Create)> Attacks { get; } =
    [
        ("apgd-ce", c => [new PlannedAttack(new Apgd { Iterations = c.Budget.Iterations, Gradient = c.Gradient, Seed = c.Seed }, AttackFamily.Iterative)]),
        ("apgd-t", c => [new PlannedAttack(new ApgdTargeted { Iterations = c.Budget.Iterations, Targets = c.Budget.Targets, Gradient = c.Gradient, Seed = c.Seed }, AttackFamily.Iterative)]),
        ("adaptive", c => c.Pcl is null ? [] :
        [
            new PlannedAttack(AdaptivePcl.Prototype(c.Pcl, c.Budget.Iterations, gradient: c.Gradient, seed: c.Seed), AttackFamily.Adaptive),
            new PlannedAttack(AdaptivePcl.Combined(c.Pcl, iterations: c.Budget.Iterations, gradient: c.Gradient, seed: c.Seed), AttackFamily.Adaptive),
        ]),
        // AutoAttack's schedule of square sizes is set for 10,000 queries; a smaller budget scales it.
        ("square", c => [new PlannedAttack(new Square { Queries = c.Budget.SquareQueries, RescaleSchedule = c.Budget.SquareQueries != StrongBudget.AutoAttack.SquareQueries, Seed = c.Seed }, AttackFamily.GradientFree)]),
        ("apgd-ce", c => [new PlannedAttack(new Apgd { Iterations = c.Budget.Iterations, Gradient = c.Gradient, Restarts = 2, Seed = c.Seed + 1 }, AttackFamily.Iterative) { VariantOf = "APGD-CE" }]),
    ];

    /// <param name="budget">null: <see cref="StrongBudget.AutoAttack"/></param>
    public static EvaluationTask Task(EvaluatedModel model, double eps, long seed, IReadOnlyCollection<string>? keys = null, StrongBudget? budget = null)
    {
        budget ??= StrongBudget.AutoAttack;
        budget.Validate();
        var context = new Context(seed, Protocols.GradientFor(model.Model), model.Pcl, budget);
        var chosen = Protocols.Select(Attacks, keys, Protocols.Strong).SelectMany(create => create(context)).ToList();
        return new(Protocols.Strong, eps, CompositionMode.Cascade, chosen);
    }
}
