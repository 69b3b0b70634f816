using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Square Attack (Andriushchenko et al. 2020), L∞, score-based: it reads only the logits, never a
/// gradient, so gradient masking cannot stop it. Start: vertical stripes of ±ε (one sign per channel and
/// column). Each query adds a random square of side ≈ √(p·H·W) with one random ±2ε value per channel to the
/// best point, projects onto the ε-box ∩ [0, 1], and keeps the proposal when the margin loss
/// z_y − max_{j≠y} z_j drops. p starts at 0.8 and halves after queries 10, 50, 200, 500, 1000, 2000, 4000,
/// 6000 and 8000 (AutoAttack's schedule; with <see cref="RescaleSchedule"/> these points scale to the
/// query budget). Every example draws its own square, and only examples still classified correctly are
/// queried. <see cref="Queries"/> counts every forward pass per example, the initial one included.</summary>
public sealed class Square : Attack
{
    public override string Name => $"Square-{Queries}";

    public int Queries { get; init; } = 5000;

    public double InitialFraction { get; init; } = 0.8;

    public bool RescaleSchedule { get; init; }

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["norm"] = "linf",
        ["queries"] = Queries.ToString(CultureInfo.InvariantCulture),
        ["p_init"] = InitialFraction.ToString("R", CultureInfo.InvariantCulture),
        ["rescale_schedule"] = RescaleSchedule ? "true" : "false",
        ["loss"] = "margin",
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    protected override void Validate()
    {
        if (Queries < 2) throw new ArgumentOutOfRangeException(nameof(Queries), Queries, $"{Name}: queries must be ≥ 2 (the clean check and the start)");
        if (!(InitialFraction > 0 && InitialFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(InitialFraction), InitialFraction, $"{Name}: p_init must be in (0, 1]");
    }

    /// <summary>The fraction of pixels the square covers at query <paramref name="iteration"/> (0-based, after the start).</summary>
    public double Fraction(int iteration)
    {
        var it = RescaleSchedule ? (int)(iteration / (double)Queries * 10000) : iteration;
        int halvings = it switch
        {
            <= 10 => 0,
            <= 50 => 1,
            <= 200 => 2,
            <= 500 => 3,
            <= 1000 => 4,
            <= 2000 => 5,
            <= 4000 => 6,
            <= 6000 => 7,
            <= 8000 => 8,
            _ => 9,
        };
        return InitialFraction / (1 << halvings);
    }

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        var record = new AdversarialRecord(images);
        using var rows = new RowState();
        long channels = images.size(1), height = images.size(2), width = images.size(3);
        try
        {
            using (NewDisposeScope())
            {
                var all = arange(images.size(0), ScalarType.Int64, images.device);
                var clean = Margin(model, images, labels);
                record.RecordFooled(all, images, clean.le(0));
                var standing = record.StandingRows(all);
                if (standing.size(0) == 0) return record.ToResult();
                var origin = images.index_select(0, standing);
                var y = labels.index_select(0, standing);
                var stripes = RandomSigns([origin.size(0), channels, 1, width], origin) * eps;
                var start = Box(origin + stripes, origin, eps);
                var margin = Margin(model, start, y);
                record.RecordFooled(standing, start, margin.le(0));
                rows["example"] = standing;
                rows["origin"] = origin;
                rows["label"] = y;
                rows["best"] = start;
                rows["margin"] = margin;
            }
            using var rowIndex = arange(height, ScalarType.Int64, images.device).view(1, 1, height, 1).DetachFromDisposeScope();
            using var columnIndex = arange(width, ScalarType.Int64, images.device).view(1, 1, 1, width).DetachFromDisposeScope();
            for (int i = 0; i < Queries - 2 && rows.Rows > 0; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var keep = record.StandingRows(rows["example"]);
                if (keep.size(0) == 0) break;
                if (keep.size(0) < rows.Rows) rows.Keep(keep);
                var n = rows.Rows;
                var side = Math.Clamp((int)Math.Round(Math.Sqrt(Fraction(i) * height * width)), 1, (int)Math.Min(height, width));
                var top = randint(0, height - side + 1, [n, 1, 1, 1], ScalarType.Int64, images.device);
                var left = randint(0, width - side + 1, [n, 1, 1, 1], ScalarType.Int64, images.device);
                var inRows = rowIndex.ge(top).logical_and(rowIndex.lt(top + side));
                var inColumns = columnIndex.ge(left).logical_and(columnIndex.lt(left + side));
                var square = inRows.logical_and(inColumns);
                var values = RandomSigns([n, channels, 1, 1], rows["origin"]) * (2 * eps);
                var best = rows["best"];
                var proposal = Box(where(square, best + values, best), rows["origin"], eps);
                var margin = Margin(model, proposal, rows["label"]);
                var better = margin.lt(rows["margin"]);
                rows["best"] = where(better.view(-1, 1, 1, 1), proposal, best);
                rows["margin"] = where(better, margin, rows["margin"]);
                record.RecordFooled(rows["example"], rows["best"], rows["margin"].le(0));
            }
            using (NewDisposeScope())
                if (rows.Rows > 0) record.RecordBest(rows["example"], rows["best"], rows["margin"].neg());
            return record.ToResult();
        }
        catch
        {
            record.Dispose();
            throw;
        }
    }

    private static Tensor RandomSigns(long[] shape, Tensor like)
    {
        var bits = randint(0, 2, shape, like.dtype, like.device);
        return bits * 2.0 - 1.0;
    }

    private static Tensor Box(Tensor points, Tensor origin, double eps) => AttackNorm.Linf.Project(points, origin, eps);

    /// <summary>z_y − max_{j≠y} z_j per example: positive while the example is classified correctly.</summary>
    private static Tensor Margin(FeatureClassifier model, Tensor points, Tensor labels)
    {
        using var _ = no_grad();
        using var logits = model.logits(points);
        GradientEstimator.CheckFinite(logits);
        using var own = AttackLoss.LogitOf(logits, labels);
        using var other = AttackLoss.LargestOther(logits, labels);
        return own - other;
    }
}
