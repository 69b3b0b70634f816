using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>Σ_k w_k·L_k over several attack losses, e.g. DLR on the logits plus λ·<see cref="PrototypeLoss"/>
/// so one attack pushes both the classifier and the PCL features.</summary>
public sealed class WeightedSumLoss : AttackLoss
{
    public WeightedSumLoss(params (AttackLoss loss, double weight)[] terms)
    {
        if (terms.Length == 0) throw new ArgumentException("a weighted sum needs at least one loss", nameof(terms));
        Terms = terms;
    }

    public IReadOnlyList<(AttackLoss loss, double weight)> Terms { get; }

    public override string Name => string.Join("+", Terms.Select(t => t.weight == 1 ? t.loss.Name : $"{t.weight.ToString("R", CultureInfo.InvariantCulture)}*{t.loss.Name}"));

    public override bool IsTargeted => Terms.Any(t => t.loss.IsTargeted);

    public override Tensor Compute(ModelOutput output, Tensor labels, Tensor? targets = null)
    {
        Tensor? total = null;
        foreach (var (loss, weight) in Terms)
        {
            using var value = loss.Compute(output, labels, targets);
            using var weighted = value * weight;
            var next = total is null ? weighted.alias() : total + weighted;
            total?.Dispose();
            total = next;
        }
        return total!;
    }
}
