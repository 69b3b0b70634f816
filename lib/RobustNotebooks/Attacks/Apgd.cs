using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Auto-PGD (Croce and Hein 2020) with the reference hyperparameters: 100 iterations, step size 2ε
/// halved at the checkpoints of <see cref="ApgdSchedule"/>, momentum 0.75, ρ = 0.75, restart from the best
/// point (see <see cref="ApgdRun"/>). APGD-CE with the default loss, APGD-DLR with <see cref="DlrLoss"/>.
/// The clean images are checked first; each restart runs only on the examples still standing.</summary>
public sealed class Apgd : Attack
{
    public override string Name => $"APGD-{Loss.Name.ToUpperInvariant()}" + (Restarts > 1 ? $"x{Restarts}" : "");

    public override AttackNorm Norm => ThreatNorm;

    public AttackNorm ThreatNorm { get; init; } = AttackNorm.Linf;

    public AttackLoss Loss { get; init; } = new CrossEntropyLoss();

    public GradientEstimator Gradient { get; init; } = GradientEstimator.Backprop;

    public int Iterations { get; init; } = 100;

    public int Restarts { get; init; } = 1;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["norm"] = ThreatNorm.Name,
        ["loss"] = Loss.Name,
        ["gradient"] = Gradient.Name,
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["restarts"] = Restarts.ToString(CultureInfo.InvariantCulture),
        ["momentum"] = ApgdRun.Momentum.ToString(CultureInfo.InvariantCulture),
        ["rho"] = ApgdRun.Rho.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    protected override void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{Name}: iterations must be ≥ 1");
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, $"{Name}: restarts must be ≥ 1");
        if (Loss.IsTargeted) throw new ArgumentException($"{Name}: the {Loss.Name} loss needs targets; use ApgdTargeted", nameof(Loss));
    }

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        var record = new AdversarialRecord(images);
        try
        {
            using (NewDisposeScope())
            {
                var all = arange(images.size(0), ScalarType.Int64, images.device);
                var clean = Gradient.Evaluate(model, images, o => Loss.Compute(o, labels));
                record.RecordFooled(all, images, clean.Logits.argmax(1).ne(labels));
                for (int r = 0; r < Restarts; r++)
                {
                    var standing = record.StandingRows(all);
                    if (standing.size(0) == 0) break;
                    ApgdRun.Run(model, record, standing, images, labels, null, eps, Iterations, ThreatNorm, Loss, Gradient, cancellation);
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
