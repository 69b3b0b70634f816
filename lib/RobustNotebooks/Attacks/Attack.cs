using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>An attack: an object holding its settings, called on a batch of [0, 1] images with their
/// labels and a budget ε (Foolbox 3's shape). <see cref="Run"/> checks the input, puts the model in
/// eval mode and restores its mode afterwards (also when the attack throws); subclasses implement
/// <see cref="Perturb"/> only.</summary>
public abstract class Attack
{
    /// <summary>The name results tables use, e.g. "PGD-10" or "APGD-CE".</summary>
    public abstract string Name { get; }

    /// <summary>Every setting that changes the result, as text (invariant culture), for provenance.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Seeds every random draw of the attack (random starts, Square's proposals, EOT).</summary>
    public long Seed { get; init; }

    /// <summary>Attacks a batch. <paramref name="images"/>: N×C×H×W in [0, 1]; <paramref name="labels"/>:
    /// N class indices (int64); <paramref name="eps"/>: the budget in the attack's norm (0 returns the
    /// images). The result's adversarials stay within ε of the images and inside [0, 1].</summary>
    public AttackResult Run(FeatureClassifier model, Tensor images, Tensor labels, double eps,
        CancellationToken cancellation = default)
    {
        AttackInput.Check(model, images, labels, eps);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            return Perturb(model, images, labels, eps, cancellation);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    protected abstract AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps,
        CancellationToken cancellation);

    public override string ToString() =>
        $"{Name}({string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))})";
}
