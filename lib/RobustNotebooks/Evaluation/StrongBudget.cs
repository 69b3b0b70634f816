namespace RobustNotebooks.Evaluation;

/// <summary>How much the strong protocol spends per point: the APGD iterations (of every APGD in it, the
/// prototype attacks included), the targets of the targeted APGD-DLR and Square's queries.
/// <see cref="AutoAttack"/> is AutoAttack's standard version and what every reported number uses; a smaller
/// budget is for a lesson's quick look, and its attack names say so (APGD-T3, Square-500).</summary>
public sealed record StrongBudget(int Iterations = 100, int Targets = 9, int SquareQueries = 5000)
{
    /// <summary>AutoAttack's reference budget: 100 iterations, 9 targets, 5,000 queries.</summary>
    public static StrongBudget AutoAttack { get; } = new();

    /// <summary>A look at the whole pipeline within minutes on a CPU (<c>replicate --quick</c>): 25 iterations,
    /// 3 targets, 500 queries. Square's cost is queries × the points still standing, and on a 2-core CPU
    /// 5,000 queries on the points an adversarially trained model keeps take longer than all else together.</summary>
    public static StrongBudget Quick { get; } = new(Iterations: 25, Targets: 3, SquareQueries: 500);

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "the strong protocol's APGD needs at least one iteration");
        if (Targets < 1) throw new ArgumentOutOfRangeException(nameof(Targets), Targets, "the targeted APGD-DLR needs at least one target class");
        if (SquareQueries < 1) throw new ArgumentOutOfRangeException(nameof(SquareQueries), SquareQueries, "Square needs at least one query");
    }
}
