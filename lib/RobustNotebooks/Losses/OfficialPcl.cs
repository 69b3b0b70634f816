using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Losses;

/// <summary>The official code's PCL (proximity.py, contrastive_proximity.py, pcl_training.py):
/// per layer, P = mean_i ‖f_i − c^p_{y_i}‖² and N = mean over i and j≠y_i of ‖f_i − c^n_j‖²,
/// with separate center sets c^p and c^n; the loss adds w_p·ΣP − w_c·ΣN. Each center set steps by
/// plain SGD after its gradient is divided by its weight, so c^p follows a center-loss pull of rate
/// lr_p and c^n performs gradient ascent on its distance to other-class features, as in the official
/// code. The center-to-center term of Eq. 5 is not part of it (see <see cref="PaperPcl"/>). A weight of 0
/// turns its term off (the ablation "+ proximity" is w_c = 0).</summary>
public sealed class OfficialPcl : PrototypeConformityLoss
{
    private readonly List<Tensor> proximityCenters = new();
    private readonly List<Tensor> contrastCenters = new();

    public OfficialPcl(IReadOnlyList<PclLayer> layers, IReadOnlyDictionary<string, long> featureDims, int numClasses,
        double weightProximity = 1.0, double weightContrast = 1e-4, double lrProximity = 0.5, double lrContrast = 1e-4)
        : base(layers, featureDims, numClasses)
    {
        if (!(weightProximity >= 0 && double.IsFinite(weightProximity)) || !(weightContrast >= 0 && double.IsFinite(weightContrast))
            || weightProximity + weightContrast == 0)
            throw new ArgumentException($"the PCL weights must be ≥ 0 and not both 0 (a term of weight 0 is off), got proximity {weightProximity}, contrastive {weightContrast}");
        WeightProximity = weightProximity;
        WeightContrast = weightContrast;
        LrProximity = lrProximity;
        LrContrast = lrContrast;
        for (int i = 0; i < layers.Count; i++)
        {
            var dim = HeadOutputDim(i, featureDims);
            var p = NewPrototypes(numClasses, dim);
            var n = NewPrototypes(numClasses, dim);
            register_parameter($"proximity_centers_{i}", p);
            register_parameter($"contrast_centers_{i}", n);
            proximityCenters.Add(p);
            contrastCenters.Add(n);
        }
    }

    public double WeightProximity { get; }
    public double WeightContrast { get; }
    public double LrProximity { get; }
    public double LrContrast { get; }

    public override PclVariant Variant => PclVariant.Official;

    public override Tensor PrototypesOf(int layer) => proximityCenters[layer];

    private long HeadOutputDim(int i, IReadOnlyDictionary<string, long> featureDims) =>
        Layers[i].HeadDim ?? featureDims[Layers[i].Feature];

    public override PclTerms forward(ModelOutput output, Tensor labels)
    {
        var terms = new Dictionary<string, Tensor>();
        var embedded = Embed(output);
        Tensor? total = null;
        long batch = labels.size(0);
        using var mask = OneHotMask(labels, NumClasses, embedded[0]);
        using var others = 1 - mask;
        for (int i = 0; i < Layers.Count; i++)
        {
            using var e = embedded[i];
            using var dp = Distances.Squared(e, proximityCenters[i]);
            using var own = dp * mask;
            using var ownSum = own.sum();
            var proximity = ownSum / batch;
            using var dn = Distances.Squared(e, contrastCenters[i]);
            using var rest = dn * others;
            using var restSum = rest.sum();
            var contrast = restSum / (batch * (NumClasses - 1));
            using var weighted = proximity * WeightProximity;
            using var layerTotal = weighted.sub(contrast * WeightContrast);
            var next = total is null ? layerTotal.alias() : total + layerTotal;
            total?.Dispose();
            total = next;
            terms[$"{Layers[i]}/proximity"] = proximity;
            terms[$"{Layers[i]}/contrast"] = contrast;
        }
        return new PclTerms(total!, terms);
    }

    public override void StepPrototypes(double learningRateScale = 1.0)
    {
        using var _ = no_grad();
        // A term of weight 0 is off: its centers get no gradient and, with nothing to divide by, do not move.
        if (WeightProximity > 0) Step(proximityCenters, LrProximity * learningRateScale / WeightProximity);
        if (WeightContrast > 0) Step(contrastCenters, LrContrast * learningRateScale / WeightContrast);
    }

    // c ← c − rate·∇c, with the 1/weight rescale folded into the rate.
    private static void Step(List<Tensor> centers, double rate)
    {
        foreach (var c in centers)
        {
            using var g = c.grad;
            if (g is null) continue;
            c.add_(g, -rate);
            c.grad = null;
        }
    }
}
