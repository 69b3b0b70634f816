using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Losses;

/// <summary>The prototype conformity loss (Mustafa et al., ICCV 2019) on one or more layers. It owns
/// the auxiliary heads G_φ (trained with the model's optimizer, see <see cref="HeadParameters"/>) and
/// the class prototypes (trained by <see cref="StepPrototypes"/>, outside the model's optimizer, so no
/// momentum or weight decay touches them).</summary>
public abstract class PrototypeConformityLoss : Module
{
    private readonly ModuleList<FeatureHead> heads = new();

    protected PrototypeConformityLoss(IReadOnlyList<PclLayer> layers, IReadOnlyDictionary<string, long> featureDims, int numClasses)
    {
        if (layers.Count == 0) throw new ArgumentException("the prototype loss needs at least one layer", nameof(layers));
        if (numClasses < 2) throw new ArgumentException("the prototype loss needs at least two classes", nameof(numClasses));
        Layers = layers;
        NumClasses = numClasses;
        foreach (var layer in layers)
        {
            if (!featureDims.TryGetValue(layer.Feature, out var dim))
                throw new ArgumentException($"the model has no feature '{layer.Feature}'; it has: {string.Join(", ", featureDims.Keys)}");
            heads.Add(new FeatureHead(dim, layer.HeadDim));
        }
        register_module("heads", heads);
    }

    public IReadOnlyList<PclLayer> Layers { get; }

    public int NumClasses { get; }

    public abstract PclVariant Variant { get; }

    /// <summary>Parameters of the auxiliary heads: give them to the model's optimizer.</summary>
    public IEnumerable<Tensor> HeadParameters() => heads.parameters();

    /// <summary>The head output of every PCL layer for a model output.</summary>
    public IReadOnlyList<Tensor> Embed(ModelOutput output) =>
        Layers.Select((layer, i) => heads[i].call(output[layer.Feature])).ToList();

    /// <summary>The weighted loss and its terms for a batch.</summary>
    public abstract PclTerms forward(ModelOutput output, Tensor labels);

    /// <summary>One update of the prototypes from their current gradients (after backward).</summary>
    public abstract void StepPrototypes(double learningRateScale = 1.0);

    /// <summary>The prototypes that define "nearest" for layer i (for the nearest-prototype rule).</summary>
    public abstract Tensor PrototypesOf(int layer);

    /// <summary>Predicts the class whose prototype is nearest to the head output of a layer.</summary>
    public Tensor PredictNearestPrototype(ModelOutput output, int layer = -1)
    {
        var index = layer < 0 ? Layers.Count + layer : layer;
        using var embedded = heads[index].call(output[Layers[index].Feature]);
        using var distances = Distances.Squared(embedded, PrototypesOf(index));
        return distances.argmin(1);
    }

    /// <summary>A K×D N(0, 1) prototype matrix, as the official code initialises its centers.</summary>
    protected static Tensor NewPrototypes(int numClasses, long dim) =>
        randn([numClasses, dim], requires_grad: true).DetachFromDisposeScope();

    protected static Tensor OneHotMask(Tensor labels, int numClasses, Tensor like)
    {
        using var oneHot = nn.functional.one_hot(labels, numClasses);
        return oneHot.to(like.dtype);
    }
}
