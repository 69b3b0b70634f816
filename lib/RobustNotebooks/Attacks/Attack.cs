using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>An attack: an object holding its settings, called on a batch of [0, 1] images with their
/// labels and a budget ε (Foolbox 3's shape). <see cref="Run"/> checks the input and the settings, puts the
/// model in eval mode and restores its mode afterwards (also when the attack throws), and seeds libtorch's
/// generator from <see cref="Seed"/> inside a fork of its state, so the attack's draws do not depend on what
/// ran before and the caller's random stream is left as it was. Subclasses implement <see cref="Perturb"/>.</summary>
public abstract class Attack
{
    /// <summary>The name results tables use, e.g. "PGD-10" or "APGD-CE".</summary>
    public abstract string Name { get; }

    /// <summary>Every setting that changes the result, as text (invariant culture), for provenance.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The norm ε is measured in (the adversarials stay within ε of the images in it).</summary>
    public virtual AttackNorm Norm => AttackNorm.Linf;

    /// <summary>Seeds every random draw of the attack (random starts, Square's proposals, EOT).</summary>
    public long Seed { get; init; }

    /// <summary>Attacks a batch. <paramref name="images"/>: N×C×H×W in [0, 1]; <paramref name="labels"/>:
    /// N class indices (int64); <paramref name="eps"/>: the budget in the attack's norm (0 returns the
    /// images, success = clean misclassification). The result's adversarials stay within ε of the images
    /// and inside [0, 1]; Success says, per example, whether the model misclassifies its adversarial.</summary>
    public AttackResult Run(FeatureClassifier model, Tensor images, Tensor labels, double eps,
        CancellationToken cancellation = default)
    {
        AttackInput.Check(model, images, labels, eps);
        Validate();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var rng = random.fork_rng();
            manual_seed(Seed);
            return eps == 0 ? Clean(model, images, labels) : Perturb(model, images, labels, eps, cancellation);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Checks the settings (init-only properties) before any work; throws naming the setting.</summary>
    protected virtual void Validate() { }

    protected abstract AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps,
        CancellationToken cancellation);

    private static AttackResult Clean(FeatureClassifier model, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.logits(images);
        GradientEstimator.CheckFinite(logits);
        var wrong = logits.argmax(1).ne(labels).DetachFromDisposeScope();
        return new AttackResult(images.detach().clone().DetachFromDisposeScope(), wrong);
    }

    public override string ToString() =>
        $"{Name}({string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))})";
}
