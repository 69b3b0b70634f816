using System.Globalization;

namespace RobustNotebooks.Evaluation;

/// <summary>How much the strong protocol spends per point: the APGD iterations (of every APGD in it, the
/// prototype attacks included), the targets of the targeted APGD-DLR and Square's queries.
/// <see cref="AutoAttack"/> is AutoAttack's standard version, the reference for every comparison with
/// published numbers; <see cref="Reduced"/> spends about a ninth of it per point, and its attack names say
/// so (APGD-T3, Square-500).</summary>
public sealed record StrongBudget(int Iterations = 100, int Targets = 9, int SquareQueries = 5000)
{
    /// <summary>AutoAttack's reference budget: 100 iterations, 9 targets, 5,000 queries.</summary>
    public static StrongBudget AutoAttack { get; } = new();

    /// <summary>25 iterations, 3 targets, 500 queries: what <c>replicate</c> spends by default and a lesson in
    /// quick mode. A point an adversarially trained model keeps costs AutoAttack's budget about 2,900 gradients
    /// (9 targets × 100 iterations, 5,000 Square queries at a third of a gradient each, two restarts of
    /// APGD-CE), which on a 2-core CPU is hours for a thousand images; this budget costs about 320.</summary>
    public static StrongBudget Reduced { get; } = new(Iterations: 25, Targets: 3, SquareQueries: 500);

    /// <summary>The budgets by the names the command line takes.</summary>
    public static IReadOnlyDictionary<string, StrongBudget> Named { get; } = new Dictionary<string, StrongBudget>(StringComparer.OrdinalIgnoreCase)
    {
        ["reduced"] = Reduced,
        ["autoattack"] = AutoAttack,
    };

    /// <summary>"autoattack", "reduced", or the three numbers spelled out.</summary>
    public string Name => Named.Where(n => n.Value == this).Select(n => n.Key).FirstOrDefault()
        ?? string.Create(CultureInfo.InvariantCulture, $"{Iterations} iterations, {Targets} targets, {SquareQueries} queries");

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"APGD {Iterations} iterations, {Targets} target{(Targets == 1 ? "" : "s")}, Square {SquareQueries:N0} queries");

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "the strong protocol's APGD needs at least one iteration");
        if (Targets < 1) throw new ArgumentOutOfRangeException(nameof(Targets), Targets, "the targeted APGD-DLR needs at least one target class");
        if (SquareQueries < 1) throw new ArgumentOutOfRangeException(nameof(SquareQueries), SquareQueries, "Square needs at least one query");
    }
}
