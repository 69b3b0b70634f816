using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Replication;

/// <summary>Everything a replication produced: the models and what became of them, the evaluation results
/// (null when no model could be evaluated), the feature pictures and the provenance.</summary>
public sealed record ReplicationResult(
    ReplicationOptions Options,
    string DatasetName,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<double> Eps,
    IReadOnlyList<ReplicatedModel> Models,
    EvaluationResults? Results,
    IReadOnlyList<FeaturePicture> Features,
    IReadOnlyDictionary<string, string> Versions,
    double ElapsedSeconds,
    DateTimeOffset Finished)
{
    public const string ReportFile = "report.html";
    public const string ProvenanceFile = "replication.json";

    public IEnumerable<ReplicatedModel> Missing => Models.Where(m => m.IsMissing);
}
