using RobustNotebooks.Zoo;

namespace RobustNotebooks.Replication;

/// <summary>What became of one zoo model in a replication: evaluated from the zoo, trained for this run, or
/// missing (with the reason), never silently left out.</summary>
/// <param name="Status">"zoo", "trained" or "missing"</param>
/// <param name="Source">the folder its weights came from</param>
/// <param name="Reason">why it is missing</param>
/// <param name="TestAccuracy">the test accuracy recorded for these very weights: the zoo's record, or the last
/// epoch of the run trained for this replication; null when missing</param>
public sealed record ReplicatedModel(ZooModel Entry, string Status, string? Source, string? Sha256, string? Reason, double? TestAccuracy = null)
{
    public const string FromZoo = "zoo";
    public const string Trained = "trained";
    public const string Missing = "missing";

    public bool IsMissing => Status == Missing;
}

/// <summary>The 2-D picture of one model's penultimate features over the evaluated test images.</summary>
public sealed record FeaturePicture(string Model, string Label, double[] X, double[] Y, string XTitle, string YTitle, long[] Labels, long[] Predictions);
