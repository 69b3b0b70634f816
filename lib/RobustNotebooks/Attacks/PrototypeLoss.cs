using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>The adaptive loss against PCL (Tramèr et al. 2020's advice: attack the representation the defense
/// relies on). In each PCL layer l, with h_l the head output and c_l the prototypes,
/// L = Σ_l (‖h_l − c_{l,y}‖² − min_{j≠y} ‖h_l − c_{l,j}‖²) / s_l: leave the own prototype and approach the
/// nearest other one. It is positive exactly when the nearest prototype of layer l is another class, so its
/// optimum implies misclassification by the nearest-prototype rule. s_l, the mean squared distance between
/// distinct prototypes of layer l, keeps any one layer from dominating; <see cref="Layers"/> picks the layers
/// (all by default).</summary>
public sealed class PrototypeLoss : AttackLoss
{
    private readonly double[] scales;

    public PrototypeLoss(PrototypeConformityLoss pcl, IReadOnlyList<int>? layers = null)
    {
        Pcl = pcl;
        Layers = layers ?? Enumerable.Range(0, pcl.Layers.Count).ToList();
        foreach (var l in Layers)
            if (l < 0 || l >= pcl.Layers.Count)
                throw new ArgumentOutOfRangeException(nameof(layers), l, $"the PCL loss has layers 0 … {pcl.Layers.Count - 1}");
        scales = Layers.Select(MeanPrototypeDistance).ToArray();
    }

    public PrototypeConformityLoss Pcl { get; }

    public IReadOnlyList<int> Layers { get; }

    public override string Name => "prototype";

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null)
    {
        var embedded = Pcl.Embed(output);
        try
        {
            Tensor? total = null;
            for (int k = 0; k < Layers.Count; k++)
            {
                var l = Layers[k];
                using var distances = Distances.Squared(embedded[l], Pcl.PrototypesOf(l));
                using var own = LogitOf(distances, labels);
                using var negated = distances.neg();
                using var nearestOtherNeg = LargestOther(negated, labels);
                using var gap = own + nearestOtherNeg;
                using var scaled = gap / scales[k];
                var next = total is null ? scaled.alias() : total + scaled;
                total?.Dispose();
                total = next;
            }
            return total!;
        }
        finally
        {
            foreach (var e in embedded) e.Dispose();
        }
    }

    private double MeanPrototypeDistance(int layer)
    {
        using var scope = Torch.torch.NewDisposeScope();
        using var _ = Torch.torch.no_grad();
        var prototypes = Pcl.PrototypesOf(layer);
        var k = prototypes.size(0);
        var d = Distances.Squared(prototypes, prototypes).sum().ToDouble() / (k * (k - 1));
        return Math.Max(d, 1e-12);
    }
}
