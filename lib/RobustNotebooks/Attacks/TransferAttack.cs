using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>A black-box transfer attack (the PCL author's black-box test): <see cref="Source"/> crafts the
/// adversarials on <see cref="Substitute"/>, and success is judged on the attacked (target) model, which is
/// only queried once, for its predictions. The substitute's mode is restored too.</summary>
public sealed class TransferAttack : Attack
{
    public TransferAttack(FeatureClassifier substitute, Attack source, string? substituteName = null)
    {
        Substitute = substitute;
        Source = source;
        SubstituteName = substituteName ?? substitute.GetType().Name;
    }

    public FeatureClassifier Substitute { get; }

    public Attack Source { get; }

    public string SubstituteName { get; }

    public override string Name => $"Transfer({Source.Name} from {SubstituteName})";

    public override AttackNorm Norm => Source.Norm;

    public override IReadOnlyDictionary<string, string> Settings =>
        Source.Settings.ToDictionary(s => $"source.{s.Key}", s => s.Value)
            .Append(new("source", Source.Name)).Append(new("substitute", SubstituteName))
            .ToDictionary(s => s.Key, s => s.Value);

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        if (Substitute.NumClasses != model.NumClasses)
            throw new ArgumentException($"the substitute has {Substitute.NumClasses} classes but the target {model.NumClasses}", nameof(model));
        using var crafted = Source.Run(Substitute, images, labels, eps, cancellation);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.logits(crafted.Adversarials);
        GradientEstimator.CheckFinite(logits);
        var wrong = logits.argmax(1).ne(labels);
        return new AttackResult(crafted.Adversarials.clone().DetachFromDisposeScope(), wrong.DetachFromDisposeScope());
    }
}
