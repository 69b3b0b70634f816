using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Targeted APGD (APGD-T, AutoAttack's standard version): APGD on the targeted DLR loss, once per
/// target class, the k-th most likely class of the clean image for k = 2 … <see cref="Targets"/> + 1
/// (9 targets, at most the number of classes − 1), each target run only on the examples still standing.</summary>
public sealed class ApgdTargeted : Attack
{
    public override string Name => $"APGD-T{Targets}" + (Loss is TargetedDlrLoss ? "" : $"-{Loss.Name}");

    public override AttackNorm Norm => ThreatNorm;

    public AttackNorm ThreatNorm { get; init; } = AttackNorm.Linf;

    public AttackLoss Loss { get; init; } = new TargetedDlrLoss();

    public GradientEstimator Gradient { get; init; } = GradientEstimator.Backprop;

    public int Iterations { get; init; } = 100;

    public int Targets { get; init; } = 9;

    /// <summary>Runs per target.</summary>
    public int Restarts { get; init; } = 1;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["norm"] = ThreatNorm.Name,
        ["loss"] = Loss.Name,
        ["gradient"] = Gradient.Name,
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["targets"] = Targets.ToString(CultureInfo.InvariantCulture),
        ["restarts"] = Restarts.ToString(CultureInfo.InvariantCulture),
        ["momentum"] = ApgdRun.Momentum.ToString(CultureInfo.InvariantCulture),
        ["rho"] = ApgdRun.Rho.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    protected override void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{Name}: iterations must be ≥ 1");
        if (Targets < 1) throw new ArgumentOutOfRangeException(nameof(Targets), Targets, $"{Name}: targets must be ≥ 1");
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, $"{Name}: restarts must be ≥ 1");
    }

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        var record = new AdversarialRecord(images);
        try
        {
            using (NewDisposeScope())
            {
                var all = arange(images.size(0), ScalarType.Int64, images.device);
                var clean = Gradient.Evaluate(model, images, o => o.Logits.sum(1));
                record.RecordFooled(all, images, clean.Logits.argmax(1).ne(labels));
                var ranking = clean.Logits.argsort(1, descending: true);
                var targets = Math.Min(Targets, model.NumClasses - 1);
                for (int k = 1; k <= targets; k++)
                {
                    var target = ranking.select(1, k);
                    for (int r = 0; r < Restarts; r++)
                    {
                        var standing = record.StandingRows(all);
                        if (standing.size(0) == 0) break;
                        ApgdRun.Run(model, record, standing, images, labels, target, eps, Iterations, ThreatNorm, Loss, Gradient, cancellation);
                    }
                }
            }
            return record.ToResult();
        }
        catch
        {
            record.Dispose();
            throw;
        }
    }
}
