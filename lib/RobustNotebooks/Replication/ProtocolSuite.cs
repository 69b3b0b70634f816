using RobustNotebooks.Attacks;
using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Replication;

/// <summary>The replication's attacks: every protocol this build's <see cref="Protocols"/> can run, as the
/// evaluator defines them, plus the black-box column of the paper's tables: BIM-10 crafted on the zoo's
/// substitute and classified by the evaluated model (the author's protocol, "generate adversarial images
/// for another model"), in the paper task so the audit compares it with the white-box attacks. It runs
/// all ten steps on every image, as BIM is written: stopped at the substitute's first mistake, an
/// adversarial barely crosses the substitute's boundary and transfers far less.
/// <paramref name="paperAttacks"/> keeps only those paper attacks (null: all of the default ones);
/// <paramref name="budget"/> sizes the strong protocol (null: AutoAttack's).</summary>
public sealed class ProtocolSuite(long seed, IReadOnlyCollection<string>? paperAttacks = null, StrongBudget? budget = null) : IReplicationSuite
{
    public IReadOnlyList<EvaluationTask> Tasks(EvaluatedModel model, EvaluatedModel? substitute, IReadOnlyList<double> eps)
    {
        var tasks = new List<EvaluationTask>();
        foreach (var protocol in Protocols.Names)
            foreach (var task in Protocols.Tasks(protocol, model, eps, seed, protocol == Protocols.Paper ? paperAttacks : null, budget))
                tasks.Add(task.Protocol == Protocols.Paper && substitute is not null && substitute.Name != model.Name
                    ? new EvaluationTask(task.Protocol, task.Eps, task.Mode,
                        [.. task.Attacks, new PlannedAttack(new Bim { Seed = seed, StopAtFirstSuccess = false }, AttackFamily.Transfer) { CraftOn = substitute }])
                    : task);
        return tasks;
    }
}
