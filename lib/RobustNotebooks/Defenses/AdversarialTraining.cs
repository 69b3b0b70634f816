using System.Globalization;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Defenses;

/// <summary>How a training step makes its adversarial examples and mixes them into the loss, for any
/// model and any base loss L (cross-entropy, or cross-entropy plus PCL):
/// <list type="bullet">
/// <item>"fgsm" (Goodfellow et al. 2015): one ε step from the image; α·L(x) + (1 − α)·L(x′), α = 0.5.</item>
/// <item>"fgsm-rs" (Wong et al. 2020, "fast" adversarial training): a uniform random start in the
/// ε-ball, one step of 1.25·ε; trains on L(x′) alone. Two passes per batch.</item>
/// <item>"pgd" (Madry et al. 2018): a uniform random start, K steps of 2.5·ε/K; trains on L(x′) alone.</item>
/// <item>"trades" (Zhang et al. 2019): x′ maximises KL(p(x) ‖ p(x′)) from x + 0.001·N(0, I);
/// L(x) + β·KL(p(x) ‖ p(x′)).</item>
/// </list>
/// Adversarial logit pairing (Kannan et al. 2018) adds λ·mean((z(x) − z(x′))²) to the first three and
/// makes α default to 0.5 (the mixed batch of the authors' code). The PCL paper's "Ours + AdvTrain"
/// is pgd or fgsm with α = 0.5 and ε drawn per batch from U(<see cref="EpsMin"/>, <see cref="Eps"/>).
/// <para>The inner maximisation runs every step on every example (no early stop: training wants the
/// hardest point found, not the first misclassified one) on cross-entropy for fgsm/fgsm-rs/pgd, in
/// eval mode (BatchNorm's running statistics, as the official PCL and TRADES code do). Its draws (ε,
/// the random start) come from libtorch's generator seeded by the caller, one seed per step, so a
/// resumed run repeats them exactly.</para></summary>
public sealed record AdversarialTraining
{
    public static IReadOnlyList<string> Methods { get; } = ["none", "fgsm", "fgsm-rs", "pgd", "trades"];

    /// <summary>none, fgsm, fgsm-rs, pgd or trades.</summary>
    public string Method { get; init; } = "none";

    /// <summary>The L∞ budget in [0, 1] pixel units.</summary>
    public double Eps { get; init; } = 0.1;

    /// <summary>When set, each batch draws its ε uniformly from [EpsMin, Eps] (the PCL code's U(0.02, 0.05)).</summary>
    public double? EpsMin { get; init; }

    /// <summary>Gradient steps of the inner maximisation; null: 1 for fgsm and fgsm-rs, 7 for pgd, 10 for trades.</summary>
    public int? Steps { get; init; }

    /// <summary>Step length in pixel units; null: ε for fgsm, 1.25·ε for fgsm-rs, 2.5·ε/K for pgd and trades.</summary>
    public double? StepSize { get; init; }

    /// <summary>Start from a random point (uniform in the ε-ball; 0.001·N(0, I) for trades); null: the method's default.</summary>
    public bool? RandomStart { get; init; }

    /// <summary>α, the weight of the clean loss; null: 0.5 for fgsm or with logit pairing, else 0.</summary>
    public double? CleanWeight { get; init; }

    /// <summary>λ of adversarial logit pairing; 0 turns it off.</summary>
    public double LogitPairing { get; init; }

    /// <summary>β of TRADES.</summary>
    public double TradesBeta { get; init; } = Trades.DefaultBeta;

    public bool Enabled => Method != "none";

    public bool IsTrades => Method == "trades";

    public int EffectiveSteps => Steps ?? Method switch { "pgd" => 7, "trades" => 10, _ => 1 };

    public double EffectiveStepSize(double eps) => StepSize ?? Method switch
    {
        "fgsm" => eps,
        "fgsm-rs" => 1.25 * eps,
        _ => 2.5 * eps / EffectiveSteps,
    };

    public bool EffectiveRandomStart => RandomStart ?? Method is "fgsm-rs" or "pgd" or "trades";

    public double EffectiveCleanWeight => CleanWeight ?? (Method == "fgsm" || LogitPairing > 0 ? 0.5 : 0.0);

    /// <summary>Throws with the setting's name when a value is out of range.</summary>
    public void Validate()
    {
        if (!Methods.Contains(Method))
            throw new ArgumentException($"adversarial training must be one of {string.Join(", ", Methods)}, got '{Method}'", nameof(Method));
        if (!Enabled)
        {
            if (LogitPairing > 0) throw new ArgumentException("logit pairing needs adversarial examples: choose fgsm, fgsm-rs or pgd", nameof(LogitPairing));
            return;
        }
        if (!(Eps > 0 && Eps <= 1)) throw new ArgumentOutOfRangeException(nameof(Eps), Eps, "the adversarial ε must be in (0, 1] (pixel units)");
        if (EpsMin is double lo && !(lo >= 0 && lo <= Eps))
            throw new ArgumentOutOfRangeException(nameof(EpsMin), lo, $"the smallest ε must be in [0, ε = {Eps}]");
        if (EffectiveSteps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "the attack needs at least one step");
        if (StepSize is double s && !(s > 0 && double.IsFinite(s))) throw new ArgumentOutOfRangeException(nameof(StepSize), s, "the step size must be > 0");
        if (CleanWeight is double a && !(a >= 0 && a < 1)) throw new ArgumentOutOfRangeException(nameof(CleanWeight), a, "α, the clean loss weight, must be in [0, 1)");
        if (!(LogitPairing >= 0 && double.IsFinite(LogitPairing))) throw new ArgumentOutOfRangeException(nameof(LogitPairing), LogitPairing, "λ must be ≥ 0");
        if (!(TradesBeta >= 0 && double.IsFinite(TradesBeta))) throw new ArgumentOutOfRangeException(nameof(TradesBeta), TradesBeta, "β must be ≥ 0");
        if (IsTrades && (LogitPairing > 0 || CleanWeight is not null))
            throw new ArgumentException("TRADES has its own clean term and pairing (β); logit pairing and the clean weight apply to fgsm, fgsm-rs and pgd");
    }

    /// <summary>A short description for logs and tables, e.g. "pgd ε=0.1 K=7 α=0".</summary>
    public override string ToString()
    {
        if (!Enabled) return "none";
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var eps = EpsMin is double lo ? $"ε~U({F(lo)},{F(Eps)})" : $"ε={F(Eps)}";
        var mix = IsTrades ? $"β={F(TradesBeta)}" : $"α={F(EffectiveCleanWeight)}" + (LogitPairing > 0 ? $" alp λ={F(LogitPairing)}" : "");
        return $"{Method} {eps} K={EffectiveSteps} step={(StepSize is double s ? F(s) : "default")} {(EffectiveRandomStart ? "random-start" : "no-random-start")} {mix}";
    }

    /// <summary>The budget of one batch (draws from libtorch's generator when <see cref="EpsMin"/> is set).</summary>
    public double DrawEps()
    {
        if (EpsMin is not double lo) return Eps;
        using var u = rand([1], ScalarType.Float64);
        return lo + (Eps - lo) * u.ToDouble();
    }

    /// <summary>Adversarial examples for a batch: K signed-gradient steps on the inner loss, each
    /// projected back to [x − ε, x + ε] ∩ [0, 1]. The model should be in eval mode; the result is
    /// detached; the parameters' gradients are left untouched.</summary>
    public Tensor Generate(FeatureClassifier model, Tensor images, Tensor labels, double eps)
    {
        using var scope = NewDisposeScope();
        var origin = images.detach();
        Tensor? reference = null;
        if (IsTrades)
        {
            using var _ = no_grad();
            reference = nn.functional.log_softmax(model.logits(origin), 1);
        }
        Tensor points;
        if (!EffectiveRandomStart) points = origin;
        else if (IsTrades) points = (origin + randn_like(origin) * 0.001).clamp(0, 1);
        else points = (origin + empty_like(origin).uniform_(-eps, eps)).clamp(0, 1);
        var stepSize = EffectiveStepSize(eps);
        var low = origin - eps;
        var high = origin + eps;
        for (int k = 0; k < EffectiveSteps; k++)
        {
            using var step = NewDisposeScope();
            var x = points.detach().requires_grad_();
            Tensor objective;
            using (enable_grad())
            {
                var logits = model.logits(x);
                // Summed over the batch, so each example's gradient is its own loss's gradient.
                objective = IsTrades
                    ? nn.functional.kl_div(nn.functional.log_softmax(logits, 1), reference!, Reduction.Sum, log_target: true)
                    : nn.functional.cross_entropy(logits, labels, reduction: Reduction.Sum);
            }
            // The input's gradient only: no weight gradients are computed or left behind.
            var gradient = autograd.grad(objective, x);
            var moved = x.detach() + gradient.sign() * stepSize;
            points = moved.clamp(low, high).clamp(0, 1).MoveToOuterDisposeScope();
        }
        return points.detach().MoveToOuterDisposeScope();
    }
}
