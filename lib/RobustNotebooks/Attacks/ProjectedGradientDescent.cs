using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Projected gradient ascent on a loss inside the ε-ball, written once (Foolbox 3's shape): the
/// norm decides the start, the step and the projection; the step rule turns gradients into directions
/// (plain or MIM momentum); the loss and the gradient estimator are settings too. FGSM, BIM, MIM and PGD
/// are this loop with their published defaults (see <see cref="Fgsm"/>, <see cref="Bim"/>, <see cref="Mim"/>,
/// <see cref="Pgd"/>).
/// <para>Restarts run side by side as extra rows of one batch (each with its own random start, drawn in
/// restart order so the first r restarts are the same whatever the total). An example leaves the batch as
/// soon as any of its rows is misclassified, which is read from the logits of the same forward pass that
/// produced the gradient; the last iterate costs one forward without a gradient. An example never fooled
/// returns its highest-loss final iterate. With <see cref="StopAtFirstSuccess"/> off, every example runs
/// every step and returns its final iterate, as the attack is written in its paper.</para></summary>
public class ProjectedGradientDescent : Attack
{
    private readonly string? name;

    public ProjectedGradientDescent(string? name = null) => this.name = name;

    public override string Name => name ?? $"PGD-{Steps}" + (Restarts > 1 ? $"x{Restarts}" : "");

    public override AttackNorm Norm => ThreatNorm;

    /// <summary>The threat model (L∞ or L2).</summary>
    public AttackNorm ThreatNorm { get; init; } = AttackNorm.Linf;

    public AttackLoss Loss { get; init; } = new CrossEntropyLoss();

    public StepRule StepRule { get; init; } = StepRule.Plain;

    public GradientEstimator Gradient { get; init; } = GradientEstimator.Backprop;

    public int Steps { get; init; } = 10;

    /// <summary>The step length in the norm, absolute; when null, <see cref="RelativeStepSize"/>·ε.</summary>
    public double? StepSize { get; init; }

    public double RelativeStepSize { get; init; } = 0.25;

    /// <summary>Start at a uniform random point of the ε-ball (Madry) instead of the image.</summary>
    public bool RandomStart { get; init; } = true;

    public int Restarts { get; init; } = 1;

    /// <summary>An example leaves at its first misclassified iterate (default): the shortcut that changes no
    /// robust accuracy of the attacked model and saves the steps after. Off for adversarials meant for another
    /// model (a transfer attack): one found at the crafting model's decision boundary barely crosses it and
    /// transfers far less than the full run's.</summary>
    public bool StopAtFirstSuccess { get; init; } = true;

    // stop_at_first_success is listed only when off, so the plans (and fingerprints) of evaluations
    // recorded before it existed still describe the same attacks.
    public override IReadOnlyDictionary<string, string> Settings => StopAtFirstSuccess
        ? CoreSettings
        : new Dictionary<string, string>(CoreSettings) { ["stop_at_first_success"] = "false" };

    private Dictionary<string, string> CoreSettings => new()
    {
        ["norm"] = ThreatNorm.Name,
        ["loss"] = Loss.Name,
        ["step_rule"] = StepRule.Name,
        ["gradient"] = Gradient.Name,
        ["steps"] = Steps.ToString(CultureInfo.InvariantCulture),
        ["step_size"] = StepSize is double s ? s.ToString("R", CultureInfo.InvariantCulture) : $"{RelativeStepSize.ToString("R", CultureInfo.InvariantCulture)}*eps",
        ["random_start"] = RandomStart ? "true" : "false",
        ["restarts"] = Restarts.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The step length used at budget ε.</summary>
    public double StepLength(double eps) => StepSize ?? RelativeStepSize * eps;

    protected override void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, $"{Name}: steps must be ≥ 1");
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, $"{Name}: restarts must be ≥ 1");
        if (Restarts > 1 && !RandomStart)
            throw new ArgumentException($"{Name}: restarts without a random start would repeat the same run", nameof(Restarts));
        var step = StepSize ?? RelativeStepSize;
        if (!double.IsFinite(step) || step <= 0) throw new ArgumentOutOfRangeException(nameof(StepSize), step, $"{Name}: the step size must be > 0");
        if (Loss.IsTargeted) throw new ArgumentException($"{Name}: the {Loss.Name} loss needs targets; use it through a targeted attack", nameof(Loss));
    }

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        var record = new AdversarialRecord(images);
        using var rows = new RowState();
        try
        {
            using (NewDisposeScope())
            {
                var examples = arange(images.size(0), ScalarType.Int64, images.device);
                if (RandomStart && StopAtFirstSuccess)
                {
                    // Random starts need a separate look at the clean images: drop the already misclassified
                    // before paying for restarts.
                    var clean = Gradient.Evaluate(model, images, o => Loss.Compute(o, labels));
                    record.RecordFooled(examples, images, clean.Logits.argmax(1).ne(labels));
                    examples = record.StandingRows(examples);
                }
                var rowExample = examples.repeat(Restarts);
                rows["example"] = rowExample;
                rows["origin"] = images.index_select(0, rowExample);
                rows["label"] = labels.index_select(0, rowExample);
                if (RandomStart)
                {
                    var standing = images.index_select(0, examples);
                    rows["point"] = cat(Enumerable.Range(0, Restarts).Select(_ => ThreatNorm.RandomStart(standing, eps)).ToList());
                }
                else rows["point"] = rows["origin"].alias();
            }
            var stepLength = StepLength(eps);
            for (int t = 0; t <= Steps && rows.Rows > 0; t++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var last = t == Steps;
                var y = rows["label"];
                var point = rows["point"];
                Func<ModelOutput, Tensor> loss = o => Loss.Compute(o, y);
                var estimate = last ? Gradient.Evaluate(model, point, loss) : Gradient.Estimate(model, point, loss);
                if (last || StopAtFirstSuccess) record.RecordFooled(rows["example"], point, estimate.Logits.argmax(1).ne(y));
                if (last)
                {
                    record.RecordBest(rows["example"], point, estimate.Loss);
                    break;
                }
                var keep = record.StandingRows(rows["example"]);
                var gradient = estimate.Gradient!;
                if (keep.size(0) < rows.Rows)
                {
                    if (keep.size(0) == 0) break;
                    rows.Keep(keep);
                    gradient = gradient.index_select(0, keep);
                }
                var (direction, memory) = StepRule.Direction(gradient, rows.Find("memory"));
                if (memory is not null) rows["memory"] = memory;
                var moved = rows["point"] + ThreatNorm.Step(direction, stepLength);
                rows["point"] = ThreatNorm.Project(moved, rows["origin"], eps);
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
