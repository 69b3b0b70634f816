using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Cross-entropy of the logits against the label: what FGSM, BIM, MIM, PGD and APGD-CE maximise.
/// It saturates when one logit dominates (large-margin models), which is why DLR exists.</summary>
public sealed class CrossEntropyLoss : AttackLoss
{
    public override string Name => "ce";

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null) =>
        nn.functional.cross_entropy(output.Logits, labels, reduction: Nn.Reduction.None);
}
