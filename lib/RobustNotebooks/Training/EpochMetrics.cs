namespace RobustNotebooks.Training;

/// <summary>What one epoch measured: the mean of each loss term over the training batches, clean
/// accuracies on the test split (argmax of logits and, for PCL, nearest prototype) and the feature
/// geometry of each PCL layer on the test split.</summary>
public sealed record EpochMetrics
{
    public int Epoch { get; init; }
    public double LearningRate { get; init; }
    public IReadOnlyDictionary<string, double> TrainLoss { get; init; } = new Dictionary<string, double>();
    public double TrainAccuracy { get; init; }
    public double TestAccuracy { get; init; }
    public double? NearestPrototypeAccuracy { get; init; }
    public IReadOnlyList<FeatureGeometry> Geometry { get; init; } = [];
    public double Seconds { get; init; }
    public int TrainSamples { get; init; }
    public int TestSamples { get; init; }

    public override string ToString()
    {
        var losses = string.Join(" ", TrainLoss.Select(kv => $"{kv.Key}={kv.Value:G4}"));
        var geometry = string.Join(" ", Geometry.Select(g => $"{g.Layer}:intra/inter={g.Ratio:F3}"));
        var ncm = NearestPrototypeAccuracy is double n ? $" ncm={n:P2}" : "";
        return $"epoch {Epoch + 1}: lr={LearningRate:G3} {losses} train_acc={TrainAccuracy:P2} test_acc={TestAccuracy:P2}{ncm} {geometry} ({Seconds:F1}s)";
    }
}
