using RobustNotebooks.Attacks;

namespace RobustNotebooks.Evaluation;

/// <summary>The official PCL evaluation code's attacks (paper.md §4.1): cross-entropy on the logits, no
/// random start, 10 iterations; BIM and MIM with step ε/10, PGD with the fixed step 2/255; each attack
/// alone on the clean-correct points. PGD-20 with the same settings is the convergence check: 10 steps
/// of 2/255 cannot even reach the ball's boundary at ε &gt; 20/255. C&amp;W is not in the official code;
/// the author described it (issue #14): untargeted L2, learning rate 0.01, initial constant 0.1, 1,000
/// iterations, perturbations not allowed past ε per pixel. κ and the binary search are not stated, so
/// this runs κ = 0 with the one constant (no search), and Carlini's early abort; an example leaves the run
/// at its first success, which changes no robust accuracy. Even so an example C&amp;W cannot break costs
/// 1,000 gradient steps, about 50 times BIM-10 (measured here: over 5 minutes for 232 Fashion-MNIST images
/// at ε 0.1 on a 2-core CPU), so it runs only when asked for by its key (--attacks ...,cw).</summary>
public static class PaperProtocol
{
    public const double PgdStep = 2.0 / 255;

    /// <summary>The attacks by key, in the order they run; keys select a subset (--attacks).</summary>
    public static IReadOnlyList<(string Key, Func<long, PlannedAttack> Create)> Attacks { get; } =
    [
        ("fgsm", seed => new PlannedAttack(new Fgsm { Seed = seed }, AttackFamily.SingleStep)),
        ("bim", seed => new PlannedAttack(new Bim { Seed = seed }, AttackFamily.Iterative)),
        ("mim", seed => new PlannedAttack(new Mim { Seed = seed }, AttackFamily.Iterative)),
        ("pgd", seed => new PlannedAttack(new Pgd { RandomStart = false, StepSize = PgdStep, Seed = seed }, AttackFamily.Iterative)),
        ("pgd", seed => new PlannedAttack(new Pgd { RandomStart = false, StepSize = PgdStep, Steps = 20, Seed = seed }, AttackFamily.Iterative) { VariantOf = "PGD-10" }),
        ("cw", seed => new PlannedAttack(new CarliniWagnerL2
        {
            LinfCap = true, BinarySearchSteps = 1, Iterations = 1000, LearningRate = 0.01, InitialConst = 0.1, StopAtFirstSuccess = true, Seed = seed,
        }, AttackFamily.Iterative)),
    ];

    /// <summary>Keys that run only when named: without keys the protocol runs every other attack.</summary>
    public static IReadOnlySet<string> OnRequest { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "cw" };

    public static EvaluationTask Task(double eps, long seed, IReadOnlyCollection<string>? keys = null) =>
        new(Protocols.Paper, eps, CompositionMode.Each,
            Protocols.Select(Attacks, keys ?? Attacks.Select(a => a.Key).Where(k => !OnRequest.Contains(k)).Distinct().ToList(), Protocols.Paper)
                .Select(a => a(seed)).ToList());
}
