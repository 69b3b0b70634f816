using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Losses;

/// <summary>Adversarial logit pairing (Kannan, Kurakin, Goodfellow 2018). As in the authors' code
/// (tensorflow/models research/adversarial_logit_pairing): the cross-entropy is the mean over the
/// mixed batch of clean and adversarial examples, ½·CE(x) + ½·CE(x′), and the pairing term is λ times
/// the mean squared logit difference over examples and classes, λ/(N·K)·Σ‖z(x) − z(x′)‖², so the
/// README's λ = 0.5 means what it meant there.</summary>
public static class LogitPairing
{
    public const double DefaultWeight = 0.5;

    /// <summary>Mean over examples and classes of (z(x) − z(x′))².</summary>
    public static Tensor Penalty(Tensor cleanLogits, Tensor adversarialLogits)
    {
        CheckPair(cleanLogits, adversarialLogits);
        return nn.functional.mse_loss(cleanLogits, adversarialLogits);
    }

    /// <summary>½·CE(x) + ½·CE(x′) + λ·Penalty.</summary>
    public static Tensor Loss(Tensor cleanLogits, Tensor adversarialLogits, Tensor labels, double weight = DefaultWeight)
    {
        if (!double.IsFinite(weight) || weight < 0) throw new ArgumentOutOfRangeException(nameof(weight), weight, "the pairing weight λ must be ≥ 0");
        using var scope = NewDisposeScope();
        var ce = (nn.functional.cross_entropy(cleanLogits, labels) + nn.functional.cross_entropy(adversarialLogits, labels)) * 0.5;
        return (ce + Penalty(cleanLogits, adversarialLogits) * weight).MoveToOuterDisposeScope();
    }

    internal static void CheckPair(Tensor clean, Tensor adversarial)
    {
        if (clean.dim() != 2 || !clean.shape.SequenceEqual(adversarial.shape))
            throw new ArgumentException($"clean and adversarial logits must both be N×K, got [{string.Join(", ", clean.shape)}] and [{string.Join(", ", adversarial.shape)}]");
    }
}
