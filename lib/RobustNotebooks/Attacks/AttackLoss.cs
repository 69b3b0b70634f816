using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>What a gradient attack maximises, per example: a function of the model's output (logits and,
/// for feature-space losses, the named features), the true labels and, for targeted losses, the target
/// classes. Summing it over the batch keeps each example's gradient independent of the others.</summary>
public abstract class AttackLoss
{
    /// <summary>A short name for settings and results, e.g. "ce", "dlr".</summary>
    public abstract string Name { get; }

    /// <summary>True when <see cref="Compute"/> needs target classes.</summary>
    public virtual bool IsTargeted => false;

    /// <summary>The loss of each example (N), to be maximised. <paramref name="targets"/> is null for
    /// untargeted losses.</summary>
    public abstract Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null);

    public override string ToString() => Name;

    /// <summary>The largest logit among the classes other than the label (N).</summary>
    internal static Tensor LargestOther(Tensor logits, Tensor labels)
    {
        using var index = labels.unsqueeze(1);
        using var masked = logits.scatter(1, index, double.NegativeInfinity);
        return masked.amax([1], keepdim: false);
    }

    /// <summary>The logit of each example's own class (N).</summary>
    internal static Tensor LogitOf(Tensor logits, Tensor classes)
    {
        using var index = classes.unsqueeze(1);
        using var picked = logits.gather(1, index);
        return picked.squeeze(1);
    }
}
