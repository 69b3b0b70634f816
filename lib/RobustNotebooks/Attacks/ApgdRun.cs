using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>One run of APGD (Croce and Hein 2020, fra31/auto-attack's autopgd_base.py) on a set of examples:
/// a start on the ε-sphere's direction t/‖t‖ (clipped to [0, 1]), step size 2ε per example, a plain first
/// step, then steps with momentum α = 0.75 (x ← P(x + α(z − x) + (1 − α)(x − x_prev)), z = P(x + η·step(∇))).
/// At each checkpoint an example halves its step size and restarts from its best-loss point (with that
/// point's gradient) when the loss rose in at most ρ = 0.75 of the window's steps, or when its step size
/// was not halved at the previous checkpoint and its best loss has not improved since. Our count of
/// rises compares each step with the one before it, the first with the start (the paper's reading; the
/// reference compares the first step of the first window with 0). An example leaves the run once it is
/// misclassified (its later iterates cannot change the answer, and the others do not depend on it).</summary>
internal static class ApgdRun
{
    public const double Momentum = 0.75;
    public const double Rho = 0.75;

    public static void Run(FeatureClassifier model, AdversarialRecord record, Tensor examples, Tensor images, Tensor labels,
        Tensor? targets, double eps, int iterations, AttackNorm norm, AttackLoss attackLoss, GradientEstimator gradient,
        CancellationToken cancellation)
    {
        using var rows = new RowState();
        var checkpoints = ApgdSchedule.Checkpoints(iterations).ToDictionary(c => c.iteration, c => c.window);
        using (NewDisposeScope())
        {
            rows["example"] = examples.alias();
            rows["origin"] = images.index_select(0, examples);
            rows["label"] = labels.index_select(0, examples);
            if (targets is not null) rows["target"] = targets.index_select(0, examples);
            var origin = rows["origin"];
            var t = norm == AttackNorm.Linf ? empty_like(origin).uniform_(-1, 1) : randn_like(origin);
            var start = (origin + norm.Normalize(t) * eps).clamp(0, 1);
            var first = gradient.Estimate(model, start, Objective(attackLoss, rows));
            record.RecordFooled(rows["example"], start, first.Logits.argmax(1).ne(rows["label"]));
            rows["point"] = start;
            rows["previous"] = start.alias();
            rows["gradient"] = first.Gradient!;
            rows["best_point"] = start.alias();
            rows["best_gradient"] = first.Gradient!.alias();
            rows["best_loss"] = first.Loss;
            rows["last_loss"] = first.Loss.alias();
            rows["rises"] = zeros_like(first.Loss);
            rows["step_size"] = full_like(first.Loss, 2 * eps);
            rows["best_loss_at_check"] = first.Loss.alias();
            rows["halved_at_check"] = ones([first.Loss.size(0)], ScalarType.Bool, first.Loss.device);
        }
        for (int i = 0; i < iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var keep = record.StandingRows(rows["example"]);
            if (keep.size(0) == 0) return;
            if (keep.size(0) < rows.Rows) rows.Keep(keep);

            var origin = rows["origin"];
            var x = rows["point"];
            var a = i > 0 ? Momentum : 1.0;
            var z = norm.Project(x + norm.Step(rows["gradient"], rows["step_size"]), origin, eps);
            var inertia = (x - rows["previous"]) * (1 - a);
            var next = norm.Project(x + (z - x) * a + inertia, origin, eps);
            rows["previous"] = x.alias();

            var estimate = gradient.Estimate(model, next, Objective(attackLoss, rows));
            record.RecordFooled(rows["example"], next, estimate.Logits.argmax(1).ne(rows["label"]));
            var loss = estimate.Loss;
            var improved = loss.gt(rows["best_loss"]);
            var improvedRows = improved.view(-1, 1, 1, 1);
            rows["best_point"] = where(improvedRows, next, rows["best_point"]);
            rows["best_gradient"] = where(improvedRows, estimate.Gradient!, rows["best_gradient"]);
            rows["best_loss"] = where(improved, loss, rows["best_loss"]);
            rows["rises"] = rows["rises"] + loss.gt(rows["last_loss"]).to(loss.dtype);
            rows["last_loss"] = loss;
            rows["point"] = next;
            rows["gradient"] = estimate.Gradient!;

            if (checkpoints.TryGetValue(i + 1, out var window))
            {
                var oscillating = rows["rises"].le(Rho * window);
                var stalled = rows["halved_at_check"].logical_not().logical_and(rows["best_loss_at_check"].ge(rows["best_loss"]));
                var halve = oscillating.logical_or(stalled);
                var halveRows = halve.view(-1, 1, 1, 1);
                rows["step_size"] = where(halve, rows["step_size"] * 0.5, rows["step_size"]);
                rows["point"] = where(halveRows, rows["best_point"], rows["point"]);
                rows["gradient"] = where(halveRows, rows["best_gradient"], rows["gradient"]);
                rows["halved_at_check"] = halve;
                rows["best_loss_at_check"] = rows["best_loss"].alias();
                rows["rises"] = zeros_like(loss);
            }
        }
        using (NewDisposeScope())
            record.RecordBest(rows["example"], rows["best_point"], rows["best_loss"]);
    }

    private static Func<ModelOutput, Tensor> Objective(AttackLoss loss, RowState rows)
    {
        var labels = rows["label"];
        var targets = rows.Find("target");
        return o => loss.Compute(o, labels, targets);
    }
}
