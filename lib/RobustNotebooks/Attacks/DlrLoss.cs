using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>Difference of logits ratio (Croce and Hein 2020): −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3 + 1e-12),
/// with π the logits sorted in decreasing order. Shifting or positively scaling the logits leaves it
/// unchanged, so a model cannot hide behind saturated softmax or huge logit margins. Needs three classes.</summary>
public sealed class DlrLoss : AttackLoss
{
    public override string Name => "dlr";

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null)
    {
        var logits = output.Logits;
        if (logits.size(1) < 3)
            throw new ArgumentException($"the DLR loss needs at least 3 classes, the model has {logits.size(1)}");
        var (sorted, order) = logits.sort(1, descending: true);
        using var _s = sorted;
        using var _o = order;
        using var own = LogitOf(logits, labels);
        using var other = LargestOther(logits, labels);
        using var margin = own - other;
        using var first = sorted.select(1, 0);
        using var third = sorted.select(1, 2);
        using var spread = first - third;
        using var denominator = spread + 1e-12;
        using var ratio = margin / denominator;
        return ratio.neg();
    }
}
