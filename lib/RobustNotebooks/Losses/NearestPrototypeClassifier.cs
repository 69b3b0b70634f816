using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Losses;

/// <summary>A PCL model that predicts by the nearest prototype of one PCL layer: its logits are the negated
/// squared distances −‖h − c_j‖², so argmax is the nearest prototype and every attack and the evaluator see
/// this decision rule as an ordinary classifier. It borrows the model and the loss (their mode and device
/// follow this wrapper; disposing it leaves them alive) and keeps the model's features.</summary>
public sealed class NearestPrototypeClassifier : FeatureClassifier
{
    public NearestPrototypeClassifier(FeatureClassifier model, PrototypeConformityLoss pcl, int layer = -1)
    {
        var index = layer < 0 ? pcl.Layers.Count + layer : layer;
        if (index < 0 || index >= pcl.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the PCL loss has layers 0 … {pcl.Layers.Count - 1}");
        if (pcl.NumClasses != model.NumClasses)
            throw new ArgumentException($"the PCL loss has {pcl.NumClasses} classes, the model {model.NumClasses}", nameof(pcl));
        Inner = model;
        Pcl = pcl;
        Layer = index;
        register_module("inner", model, owned: false);
        register_module("pcl", pcl, owned: false);
    }

    public FeatureClassifier Inner { get; }

    public PrototypeConformityLoss Pcl { get; }

    public int Layer { get; }

    public override int NumClasses => Inner.NumClasses;

    public override IReadOnlyList<string> FeatureNames => Inner.FeatureNames;

    public override ModelOutput forward(Tensor input)
    {
        var output = Inner.forward(input);
        using (output.Logits)
        {
            var embedded = Pcl.Embed(output);
            try
            {
                using var distances = Distances.Squared(embedded[Layer], Pcl.PrototypesOf(Layer));
                return new ModelOutput(distances.neg(), output.Features);
            }
            finally
            {
                foreach (var e in embedded) e.Dispose();
            }
        }
    }

    public override string extra_repr() => $"nearest prototype of {Pcl.Layers[Layer]}";
}
