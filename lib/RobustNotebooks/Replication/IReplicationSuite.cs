using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Replication;

/// <summary>The attacks a replication runs on one model: per ε, a paper-protocol task (the white-box attacks
/// each alone, and the transfer attacks from the substitute when there is one) and a strong-protocol task.</summary>
public interface IReplicationSuite
{
    /// <param name="substitute">the model transfer attacks are crafted on; null when the zoo lacks it</param>
    IReadOnlyList<EvaluationTask> Tasks(EvaluatedModel model, EvaluatedModel? substitute, IReadOnlyList<double> eps);
}
