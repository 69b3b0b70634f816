using RobustNotebooks.Data;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Training;

/// <summary>Clean accuracy and feature geometry of a classifier over a loader, in eval mode.</summary>
public static class Evaluate
{
    public sealed record Result(double Accuracy, double? NearestPrototypeAccuracy, IReadOnlyList<FeatureGeometry> Geometry, int Samples);

    /// <param name="geometryLayers">model features whose intra/inter-class geometry to measure
    /// (pooled by global averaging); none for accuracy only</param>
    public static Result Run(FeatureClassifier model, DataLoader loader, PrototypeConformityLoss? pcl = null,
        IReadOnlyList<string>? geometryLayers = null, CancellationToken cancellation = default)
    {
        geometryLayers ??= [];
        var device = loader.Device;
        using var correct = zeros([], ScalarType.Int64, device);
        using var nearestCorrect = zeros([], ScalarType.Int64, device);
        var features = geometryLayers.ToDictionary(l => l, _ => new List<Tensor>());
        var labels = new List<Tensor>();
        int samples = 0;
        try
        {
            ForEachOutput(model, pcl, loader, cancellation, (batch, output) =>
            {
                correct.add_(output.Logits.argmax(1).eq(batch.Labels).sum());
                if (pcl is not null) nearestCorrect.add_(pcl.PredictNearestPrototype(output).eq(batch.Labels).sum());
                foreach (var layer in geometryLayers)
                {
                    var f = output[layer];
                    features[layer].Add((f.dim() == 4 ? f.mean([2, 3]) : f.alias()).MoveToOuterDisposeScope());
                }
                if (geometryLayers.Count > 0) labels.Add(batch.Labels.alias().MoveToOuterDisposeScope());
                samples += batch.Size;
            });
            var geometry = new List<FeatureGeometry>();
            if (geometryLayers.Count > 0 && samples > 0)
            {
                using var allLabels = cat(labels);
                foreach (var layer in geometryLayers)
                {
                    using var all = cat(features[layer]);
                    geometry.Add(FeatureGeometry.Measure(layer, all, allLabels, model.NumClasses));
                }
            }
            double Fraction(Tensor count) => samples == 0 ? double.NaN : count.ToDouble() / samples;
            return new Result(Fraction(correct), pcl is null ? null : Fraction(nearestCorrect), geometry, samples);
        }
        finally
        {
            foreach (var list in features.Values) foreach (var t in list) t.Dispose();
            foreach (var t in labels) t.Dispose();
        }
    }

    /// <summary>One feature of every image in the loader (pooled to a vector if it is a map), with the
    /// labels and predictions, on the CPU: what the feature-space pictures plot.</summary>
    public static (float[,] Features, long[] Labels, long[] Predictions) CollectFeatures(FeatureClassifier model, DataLoader loader, string feature,
        CancellationToken cancellation = default)
    {
        var rows = new List<float[]>();
        var labels = new List<long>();
        var predictions = new List<long>();
        int dim = 0;
        ForEachOutput(model, null, loader, cancellation, (batch, output) =>
        {
            var f = output[feature];
            var vectors = (f.dim() == 4 ? f.mean([2, 3]) : f).to(ScalarType.Float32, Device.CPU);
            dim = (int)vectors.size(1);
            var values = vectors.data<float>();
            for (int i = 0; i < batch.Size; i++) rows.Add(values.AsSpan(i * dim, dim).ToArray());
            labels.AddRange(batch.Labels.cpu().data<long>());
            predictions.AddRange(output.Logits.argmax(1).cpu().data<long>());
        });
        var matrix = new float[rows.Count, dim];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < dim; j++) matrix[i, j] = rows[i][j];
        return (matrix, labels.ToArray(), predictions.ToArray());
    }

    // Runs the model in eval mode without gradients over every batch; each batch's temporaries live in a
    // scope of their own (move out what must outlive it). Training modes are restored afterwards.
    private static void ForEachOutput(FeatureClassifier model, PrototypeConformityLoss? pcl, DataLoader loader,
        CancellationToken cancellation, Action<Batch, ModelOutput> visit)
    {
        var wasTraining = model.training;
        model.eval();
        pcl?.eval();
        using var _ = no_grad();
        try
        {
            foreach (var batch in loader)
            {
                using var owned = batch;
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var output = model.forward(batch.Images);
                visit(batch, output);
            }
        }
        finally
        {
            model.train(wasTraining);
            pcl?.train(wasTraining);
        }
    }
}
