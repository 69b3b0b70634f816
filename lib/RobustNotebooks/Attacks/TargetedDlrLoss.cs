using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>Targeted DLR (APGD-T): −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12), pulling the target
/// class t above the label y. Invariant to shifting and positive scaling of the logits. Needs four classes.</summary>
public sealed class TargetedDlrLoss : AttackLoss
{
    public override string Name => "dlr-targeted";

    public override bool IsTargeted => true;

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null)
    {
        if (targets is null) throw new ArgumentNullException(nameof(targets), "the targeted DLR loss needs a target class per example");
        var logits = output.Logits;
        if (logits.size(1) < 4)
            throw new ArgumentException($"the targeted DLR loss needs at least 4 classes, the model has {logits.size(1)}");
        var (sorted, order) = logits.sort(1, descending: true);
        using var _s = sorted;
        using var _o = order;
        using var own = LogitOf(logits, labels);
        using var target = LogitOf(logits, targets);
        using var margin = own - target;
        using var first = sorted.select(1, 0);
        using var third = sorted.select(1, 2);
        using var fourth = sorted.select(1, 3);
        using var pair = third + fourth;
        using var half = pair * 0.5;
        using var spread = first - half;
        using var denominator = spread + 1e-12;
        using var ratio = margin / denominator;
        return ratio.neg();
    }
}
