using Microsoft.Data.Analysis;
using RobustNotebooks.Data;

namespace RobustNotebooks.Training;

/// <summary>A training run's epochs as a DataFrame, one row per epoch, typed columns: the run (dataset, model,
/// loss, seed), epoch (from 1) and learning rate, the mean of each loss term (<c>train_&lt;term&gt;</c>, with '/'
/// as '_'), accuracies, the feature geometry of each measured layer, and time and sample counts. The same
/// frame is the run's metrics.csv.</summary>
public static class TrainingHistory
{
    public static DataFrame ToDataFrame(string dataset, TrainConfig config, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        var n = history.Count;
        var loss = config.IsPcl ? $"pcl-{config.PclVariant}" : "softmax";
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("dataset", Enumerable.Repeat(dataset, n)),
            new StringDataFrameColumn("model", Enumerable.Repeat(config.Model, n)),
            new StringDataFrameColumn("loss", Enumerable.Repeat(loss, n)),
            new Int64DataFrameColumn("seed", Enumerable.Repeat(config.Seed, n)),
            new Int32DataFrameColumn("epoch", history.Select(m => m.Epoch + 1)),
            new DoubleDataFrameColumn("lr", history.Select(m => m.LearningRate)),
        };
        foreach (var term in history.SelectMany(m => m.TrainLoss.Keys).Distinct())
            columns.Add(new DoubleDataFrameColumn("train_" + term.Replace('/', '_'),
                history.Select(m => m.TrainLoss.TryGetValue(term, out var v) ? v : (double?)null)));
        columns.Add(new DoubleDataFrameColumn("train_acc", history.Select(m => m.TrainAccuracy)));
        columns.Add(new DoubleDataFrameColumn("test_acc", history.Select(m => m.TestAccuracy)));
        columns.Add(new DoubleDataFrameColumn("ncm_acc", history.Select(m => m.NearestPrototypeAccuracy)));
        foreach (var layer in history.SelectMany(m => m.Geometry.Select(g => g.Layer)).Distinct())
        {
            FeatureGeometry? At(EpochMetrics m) => m.Geometry.FirstOrDefault(g => g.Layer == layer);
            columns.Add(new DoubleDataFrameColumn($"{layer}_intra", history.Select(m => At(m)?.Intra)));
            columns.Add(new DoubleDataFrameColumn($"{layer}_inter", history.Select(m => At(m)?.Inter)));
            columns.Add(new DoubleDataFrameColumn($"{layer}_ratio", history.Select(m => At(m)?.Ratio)));
        }
        columns.Add(new DoubleDataFrameColumn("seconds", history.Select(m => m.Seconds)));
        columns.Add(new Int32DataFrameColumn("train_samples", history.Select(m => m.TrainSamples)));
        columns.Add(new Int32DataFrameColumn("test_samples", history.Select(m => m.TestSamples)));
        return new DataFrame(columns);
    }
}
