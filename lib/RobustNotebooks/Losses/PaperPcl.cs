using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Losses;

/// <summary>The paper's Eq. 5 with shared prototypes w_k per layer:
/// L = mean_i [ ‖f_i − w_{y_i}‖ − 1/(K−1) Σ_{j≠y_i} ( ‖f_i − w_j‖ + ‖w_{y_i} − w_j‖ ) ], times a weight.
/// Distances are plain L2 norms. The prototypes step by plain SGD on this loss; the last term pushes
/// prototypes apart without bound (it is linear in their distance), which the official code avoids by
/// leaving the term out.</summary>
public sealed class PaperPcl : PrototypeConformityLoss
{
    private readonly List<Tensor> prototypes = new();

    public PaperPcl(IReadOnlyList<PclLayer> layers, IReadOnlyDictionary<string, long> featureDims, int numClasses,
        double weight = 0.1, double lrPrototypes = 0.01)
        : base(layers, featureDims, numClasses)
    {
        Weight = weight;
        LrPrototypes = lrPrototypes;
        for (int i = 0; i < layers.Count; i++)
        {
            var w = NewPrototypes(numClasses, layers[i].HeadDim ?? featureDims[layers[i].Feature]);
            register_parameter($"prototypes_{i}", w);
            prototypes.Add(w);
        }
    }

    public double Weight { get; }
    public double LrPrototypes { get; }

    public override PclVariant Variant => PclVariant.Paper;

    public override Tensor PrototypesOf(int layer) => prototypes[layer];

    public override PclTerms forward(ModelOutput output, Tensor labels)
    {
        var terms = new Dictionary<string, Tensor>();
        var embedded = Embed(output);
        Tensor? total = null;
        long batch = labels.size(0);
        long pairs = batch * (NumClasses - 1);
        using var mask = OneHotMask(labels, NumClasses, embedded[0]);
        using var others = 1 - mask;
        for (int i = 0; i < Layers.Count; i++)
        {
            using var e = embedded[i];
            using var d = Distances.Euclidean(e, prototypes[i]);
            using var own = d * mask;
            using var ownSum = own.sum();
            var attraction = ownSum / batch;
            using var rest = d * others;
            using var restSum = rest.sum();
            var repulsion = restSum / pairs;
            using var between = Distances.Euclidean(prototypes[i], prototypes[i]);
            using var ownRows = between.index_select(0, labels);
            using var apart = ownRows * others;
            using var apartSum = apart.sum();
            var separation = apartSum / pairs;
            using var a = attraction - repulsion;
            using var b = a - separation;
            using var layerTotal = b * Weight;
            var next = total is null ? layerTotal.alias() : total + layerTotal;
            total?.Dispose();
            total = next;
            terms[$"{Layers[i]}/attraction"] = attraction;
            terms[$"{Layers[i]}/repulsion"] = repulsion;
            terms[$"{Layers[i]}/separation"] = separation;
        }
        return new PclTerms(total!, terms);
    }

    public override void StepPrototypes(double learningRateScale = 1.0)
    {
        using var _ = no_grad();
        foreach (var w in prototypes)
        {
            using var g = w.grad;
            if (g is null) continue;
            w.add_(g, -LrPrototypes * learningRateScale);
            w.grad = null;
        }
    }
}
