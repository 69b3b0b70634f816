using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>The C&amp;W margin on the logits, max_{j≠y} z_j − z_y (positive once misclassified), without
/// the confidence clip so its gradient never vanishes: PGD's "margin" loss.</summary>
public sealed class MarginLoss : AttackLoss
{
    public override string Name => "margin";

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null)
    {
        using var other = LargestOther(output.Logits, labels);
        using var own = LogitOf(output.Logits, labels);
        return other - own;
    }
}
