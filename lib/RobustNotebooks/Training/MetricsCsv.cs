using System.Globalization;
using System.Text;

namespace RobustNotebooks.Training;

/// <summary>One row per epoch, in invariant culture: easy to plot or diff between runs.</summary>
internal static class MetricsCsv
{
    public static void Write(string path, string dataset, TrainConfig config, IReadOnlyList<EpochMetrics> history)
    {
        var lossNames = history.SelectMany(m => m.TrainLoss.Keys).Distinct().ToList();
        var layers = history.SelectMany(m => m.Geometry.Select(g => g.Layer)).Distinct().ToList();
        var sb = new StringBuilder();
        var header = new List<string> { "dataset", "model", "loss", "seed", "epoch", "lr" };
        header.AddRange(lossNames.Select(n => "train_" + n.Replace('/', '_')));
        header.AddRange(["train_acc", "test_acc", "ncm_acc"]);
        foreach (var l in layers) header.AddRange([$"{l}_intra", $"{l}_inter", $"{l}_ratio"]);
        header.AddRange(["seconds", "train_samples", "test_samples"]);
        sb.AppendLine(string.Join(',', header));
        string F(double? v) => v is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : "";
        foreach (var m in history)
        {
            var row = new List<string> { dataset, config.Model, config.IsPcl ? $"pcl-{config.PclVariant}" : "softmax", config.Seed.ToString(CultureInfo.InvariantCulture), (m.Epoch + 1).ToString(CultureInfo.InvariantCulture), F(m.LearningRate) };
            row.AddRange(lossNames.Select(n => F(m.TrainLoss.TryGetValue(n, out var v) ? v : null)));
            row.AddRange([F(m.TrainAccuracy), F(m.TestAccuracy), F(m.NearestPrototypeAccuracy)]);
            foreach (var l in layers)
            {
                var g = m.Geometry.FirstOrDefault(x => x.Layer == l);
                row.AddRange([F(g?.Intra), F(g?.Inter), F(g?.Ratio)]);
            }
            row.AddRange([F(m.Seconds), m.TrainSamples.ToString(CultureInfo.InvariantCulture), m.TestSamples.ToString(CultureInfo.InvariantCulture)]);
            sb.AppendLine(string.Join(',', row));
        }
        RunCheckpoint.WriteAtomically(path, sb.ToString());
    }
}
