using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Losses;

/// <summary>TRADES (Zhang et al. ICML 2019): CE(f(x), y) + β·KL(p(x) ‖ p(x′)), the KL divergence
/// summed over classes and averaged over the batch, as the official code does
/// (KLDivLoss(sum) / batch size). Gradients flow through both the clean and the adversarial
/// distribution. The adversarial x′ maximises the same KL term (<see cref="Divergence"/>).</summary>
public static class Trades
{
    /// <summary>β of the official CIFAR-10 model (its script's default is 1).</summary>
    public const double DefaultBeta = 6.0;

    /// <summary>(1/N) Σᵢ KL(softmax(z(xᵢ)) ‖ softmax(z(x′ᵢ))).</summary>
    public static Tensor Divergence(Tensor cleanLogits, Tensor adversarialLogits)
    {
        LogitPairing.CheckPair(cleanLogits, adversarialLogits);
        using var scope = NewDisposeScope();
        var logP = nn.functional.log_softmax(cleanLogits, 1);
        var logQ = nn.functional.log_softmax(adversarialLogits, 1);
        var kl = nn.functional.kl_div(logQ, logP, Reduction.Sum, log_target: true);
        return kl.div(cleanLogits.size(0)).MoveToOuterDisposeScope();
    }

    public static Tensor Loss(Tensor cleanLogits, Tensor adversarialLogits, Tensor labels, double beta = DefaultBeta)
    {
        if (!double.IsFinite(beta) || beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be ≥ 0");
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(cleanLogits, labels) + Divergence(cleanLogits, adversarialLogits) * beta;
        return loss.MoveToOuterDisposeScope();
    }
}
