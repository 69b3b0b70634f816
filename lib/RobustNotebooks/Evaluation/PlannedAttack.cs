using RobustNotebooks.Attacks;

namespace RobustNotebooks.Evaluation;

/// <summary>One attack of a task, with what the audit needs to know about it.</summary>
public sealed record PlannedAttack(Attack Attack, AttackFamily Family)
{
    /// <summary>The name of an attack of the same task that this one repeats with more steps or
    /// restarts: the audit's convergence check compares the two.</summary>
    public string? VariantOf { get; init; }

    /// <summary>Transfer: the adversarials are crafted on this model and evaluated on the model under
    /// evaluation.</summary>
    public EvaluatedModel? CraftOn { get; init; }

    public string Name => CraftOn is null ? Attack.Name : $"{Attack.Name} from {CraftOn.Name}";
}
