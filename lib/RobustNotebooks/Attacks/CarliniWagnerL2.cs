using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>Carlini and Wagner's L2 attack (2017): minimise ‖x' − x‖₂² + c·max(z_y − max_{j≠y} z_j + κ, 0)
/// over x' = m + h·tanh(w) (the tanh box keeps x' inside [lo, hi] without clipping), with Adam on w, an
/// early abort when the objective stops falling (checked every tenth of the iterations), and a binary
/// search over each example's constant c (×10 until a success, then bisection). Each example keeps its
/// smallest-L2 success over all rounds. The early abort is decided per example (Carlini's code decides on
/// the batch's total), so an example's result does not depend on the rest of its batch.
/// <para>Budget: by default ε bounds the L2 norm (a found adversarial farther than ε is shrunk radially onto
/// the ball and its success re-checked). With <see cref="LinfCap"/> the box becomes [x − ε, x + ε] ∩ [0, 1]
/// and ε caps every pixel instead, which is how the PCL author ran C&amp;W ("perturbations were not allowed to
/// exceed 0.3 for MNIST"); then <see cref="Attack.Norm"/> is L∞.</para></summary>
public sealed class CarliniWagnerL2 : Attack
{
    public override string Name => LinfCap ? "CW-L2-capped" : "CW-L2";

    public override AttackNorm Norm => LinfCap ? AttackNorm.Linf : AttackNorm.L2;

    public bool LinfCap { get; init; }

    public int BinarySearchSteps { get; init; } = 9;

    /// <summary>Adam iterations per binary-search step (Carlini's code: up to 10 000; the PCL paper: 1 000).</summary>
    public int Iterations { get; init; } = 1000;

    public double LearningRate { get; init; } = 0.01;

    public double InitialConst { get; init; } = 1e-3;

    /// <summary>κ: how far past the boundary a success must be, in logits.</summary>
    public double Confidence { get; init; }

    public bool AbortEarly { get; init; } = true;

    /// <summary>Stop attacking an example at its first success. Its result is then an adversarial, not the
    /// closest one, which is all a robust accuracy needs: it counts successes, and a success is final.</summary>
    public bool StopAtFirstSuccess { get; init; }

    public GradientEstimator Gradient { get; init; } = GradientEstimator.Backprop;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["budget"] = LinfCap ? "linf-cap" : "l2",
        ["binary_search_steps"] = BinarySearchSteps.ToString(CultureInfo.InvariantCulture),
        ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["initial_const"] = InitialConst.ToString("R", CultureInfo.InvariantCulture),
        ["confidence"] = Confidence.ToString("R", CultureInfo.InvariantCulture),
        ["abort_early"] = AbortEarly ? "true" : "false",
        ["stop_at_first_success"] = StopAtFirstSuccess ? "true" : "false",
        ["gradient"] = Gradient.Name,
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    protected override void Validate()
    {
        if (BinarySearchSteps < 1) throw new ArgumentOutOfRangeException(nameof(BinarySearchSteps), BinarySearchSteps, $"{Name}: at least one binary-search step");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{Name}: iterations must be ≥ 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{Name}: the learning rate must be > 0");
        if (!(InitialConst > 0)) throw new ArgumentOutOfRangeException(nameof(InitialConst), InitialConst, $"{Name}: the initial constant must be > 0");
        if (!(Confidence >= 0)) throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, $"{Name}: κ must be ≥ 0");
    }

    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEps = 1e-8, Unbounded = 1e10;

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        using var state = new RowState();
        long n = images.size(0);
        using (NewDisposeScope())
        {
            var low = LinfCap ? (images - eps).clamp_min(0) : zeros_like(images);
            var high = LinfCap ? (images + eps).clamp_max(1) : ones_like(images);
            state["middle"] = (low + high) * 0.5;
            state["half"] = (high - low) * 0.5;
            var unit = ((images - state["middle"]) / state["half"].clamp_min(1e-12)).clamp(-1 + 1e-6, 1 - 1e-6);
            state["w0"] = ((unit + 1) / (1 - unit)).log() * 0.5; // atanh
            state["best"] = images.detach().clone();
        }
        var constant = Enumerable.Repeat(InitialConst, (int)n).ToArray();
        var lower = new double[n];
        var upper = Enumerable.Repeat(Unbounded, (int)n).ToArray();
        var bestDistance = Enumerable.Repeat(double.PositiveInfinity, (int)n).ToArray();
        var abortEvery = Math.Max(Iterations / 10, 1);

        for (int round = 0; round < BinarySearchSteps; round++)
        {
            var succeeded = new bool[n];
            using (NewDisposeScope())
            {
                state["w"] = state["w0"].clone();
                state["m"] = zeros_like(state["w0"]);
                state["v"] = zeros_like(state["w0"]);
                state["c"] = tensor(constant, device: images.device).to(images.dtype);
            }
            var previous = Enumerable.Repeat(double.PositiveInfinity, (int)n).ToArray();
            var running = Enumerable.Repeat(true, (int)n).ToArray();
            for (int it = 0; it < Iterations; it++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var tanh = state["w"].tanh();
                var point = state["middle"] + state["half"] * tanh;
                var delta = point - images;
                var distance = delta.square().flatten(1).sum(1);
                // Only examples still running are forwarded: one that aborted keeps its w, so its point,
                // its success and its objective cannot change.
                var active = Enumerable.Range(0, (int)n).Where(i => running[i]).Select(i => (long)i).ToArray();
                var rows = active.Length < n ? tensor(active, device: images.device) : null;
                var at = rows is null ? point : point.index_select(0, rows);
                var rowLabels = rows is null ? labels : labels.index_select(0, rows);
                var c = rows is null ? state["c"] : state["c"].index_select(0, rows);
                var estimate = Gradient.Estimate(model, at, o => Hinge(o.Logits, rowLabels) * c);
                var objective = (rows is null ? distance : distance.index_select(0, rows)) + estimate.Loss;

                // Bookkeeping at the point the gradient was taken, before the step (as Carlini's code).
                var margin = Margin(estimate.Logits, rowLabels);
                var hits = margin.lt(-Confidence).cpu().data<bool>();
                var distances = distance.to(ScalarType.Float64).cpu().data<double>();
                var improved = new List<long>();
                for (int k = 0; k < active.Length; k++)
                {
                    var i = (int)active[k];
                    if (!hits[k]) continue;
                    succeeded[i] = true;
                    if (StopAtFirstSuccess) running[i] = false;
                    if (distances[i] < bestDistance[i]) { bestDistance[i] = distances[i]; improved.Add(i); }
                }
                if (improved.Count > 0)
                {
                    var index = tensor(improved.ToArray(), device: images.device);
                    state["best"] = state["best"].index_copy(0, index, point.index_select(0, index));
                }

                // ∇_w = (2δ + ∇ₓ c·hinge) · h·(1 − tanh²w), then one Adam step on w.
                var modelGradient = rows is null ? estimate.Gradient! : zeros_like(point).index_copy(0, rows, estimate.Gradient!);
                var gradX = delta * 2.0 + modelGradient;
                var gradW = gradX * state["half"] * (1 - tanh.square());
                var t = it + 1;
                state["m"] = state["m"] * Beta1 + gradW * (1 - Beta1);
                state["v"] = state["v"] * Beta2 + gradW.square() * (1 - Beta2);
                var mHat = state["m"] / (1 - Math.Pow(Beta1, t));
                var vHat = state["v"] / (1 - Math.Pow(Beta2, t));
                var stepped = state["w"] - mHat / (vHat.sqrt() + AdamEps) * LearningRate;
                state["w"] = rows is null ? stepped : where(Mask(running, images.device).view(-1, 1, 1, 1), stepped, state["w"]);

                if (AbortEarly && (it + 1) % abortEvery == 0)
                {
                    var values = objective.to(ScalarType.Float64).cpu().data<double>();
                    for (int k = 0; k < active.Length; k++)
                    {
                        var i = (int)active[k];
                        if (values[k] > previous[i] * 0.9999) running[i] = false;
                        previous[i] = values[k];
                    }
                }
                if (!running.Any(r => r)) break;
            }
            for (int i = 0; i < n; i++)
            {
                if (succeeded[i])
                {
                    upper[i] = Math.Min(upper[i], constant[i]);
                    if (upper[i] < Unbounded / 10) constant[i] = (lower[i] + upper[i]) / 2;
                }
                else
                {
                    lower[i] = Math.Max(lower[i], constant[i]);
                    constant[i] = upper[i] < Unbounded / 10 ? (lower[i] + upper[i]) / 2 : constant[i] * 10;
                }
            }
        }

        using var final = NewDisposeScope();
        var chosen = LinfCap ? state["best"].alias() : AttackNorm.L2.Project(state["best"], images, eps);
        Tensor wrong;
        using (no_grad())
        {
            var logits = model.logits(chosen);
            GradientEstimator.CheckFinite(logits);
            wrong = logits.argmax(1).ne(labels);
        }
        return new AttackResult(chosen.DetachFromDisposeScope(), wrong.DetachFromDisposeScope());
    }

    private static Tensor Mask(bool[] values, Device device) => tensor(values, device: device);

    /// <summary>z_y − max_{j≠y} z_j.</summary>
    private static Tensor Margin(Tensor logits, Tensor labels)
    {
        using var own = AttackLoss.LogitOf(logits, labels);
        using var other = AttackLoss.LargestOther(logits, labels);
        return own - other;
    }

    private Tensor Hinge(Tensor logits, Tensor labels)
    {
        using var margin = Margin(logits, labels);
        using var shifted = margin + Confidence;
        return shifted.clamp_min(0);
    }
}
