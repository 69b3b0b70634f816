using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Compares autograd's gradients with central finite differences in float64. A non-scalar
/// output is reduced with fixed random weights so every output element's gradient is exercised.
/// Both paths are checked: torch.autograd.grad and backward() into .grad.</summary>
public static class GradCheck
{
    public const double Step = 1e-6;

    /// <param name="f">the function under test; it must be deterministic</param>
    /// <param name="inputs">float64 leaves; those with requires_grad are checked</param>
    public static void Verify(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Verify(f, inputs, 1e-5, 1e-4);

    public static void Verify(Func<Tensor[], Tensor> f, Tensor[] inputs, double atol, double rtol)
    {
        var failure = Compare(f, inputs, atol, rtol);
        Assert.True(failure is null, failure);
    }

    /// <summary>The first mismatch as a message, or null when autograd agrees with finite differences.</summary>
    public static string? Compare(Func<Tensor[], Tensor> f, Tensor[] inputs, double atol = 1e-5, double rtol = 1e-4)
    {
        foreach (var x in inputs)
            if (x.dtype != ScalarType.Float64)
                throw new ArgumentException($"gradcheck needs float64 inputs, got {x.dtype.Name()}");
        var checkedInputs = inputs.Where(x => x.requires_grad).ToArray();
        if (checkedInputs.Length == 0) throw new ArgumentException("gradcheck: no input requires grad");

        using var scope = NewDisposeScope();
        Tensor? weights;
        using (no_grad())
        {
            var probe = f(inputs);
            weights = probe.numel() == 1 ? null : WeightsFor(probe.shape);
        }
        Tensor Objective(Tensor[] xs)
        {
            var y = f(xs);
            return weights is null ? y.sum() : (y * weights).sum();
        }

        var objective = Objective(inputs);
        var analytic = autograd.grad([objective], checkedInputs, retain_graph: true, allow_unused: true);

        // backward() must accumulate exactly what autograd.grad returned.
        foreach (var x in checkedInputs) x.grad = null;
        objective.backward();
        for (int i = 0; i < checkedInputs.Length; i++)
        {
            var accumulated = checkedInputs[i].grad;
            var viaGrad = analytic[i];
            if ((accumulated is null) != (viaGrad is null) && !(IsZero(accumulated) && IsZero(viaGrad)))
                return $"input {i}: backward() and autograd.grad disagree on whether a gradient exists";
            if (accumulated is not null && viaGrad is not null && !accumulated.allclose(viaGrad, 1e-12, 1e-12))
                return $"input {i}: backward() left a .grad different from autograd.grad";
            checkedInputs[i].grad = null;
        }

        for (int i = 0; i < checkedInputs.Length; i++)
        {
            var x = checkedInputs[i];
            var values = x.data<double>();
            var auto = analytic[i]?.data<double>() ?? new double[values.Length];
            for (int j = 0; j < values.Length; j++)
            {
                var numeric = (Perturbed(Objective, inputs, x, values, j, +Step) - Perturbed(Objective, inputs, x, values, j, -Step)) / (2 * Step);
                if (Math.Abs(auto[j] - numeric) > atol + rtol * Math.Abs(numeric))
                    return $"input {i} (shape [{string.Join(", ", x.shape)}]) element {j}: autograd {auto[j]:G10}, finite difference {numeric:G10}";
            }
        }
        return null;
    }

    private static bool IsZero(Tensor? t)
    {
        if (t is null) return true;
        using var any = t.ne(0).any();
        return !any.item<bool>();
    }

    private static double Perturbed(Func<Tensor[], Tensor> objective, Tensor[] inputs, Tensor target, double[] values, int index, double delta)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var copy = (double[])values.Clone();
        copy[index] += delta;
        var moved = tensor(copy, target.shape);
        var args = inputs.Select(x => ReferenceEquals(x, target) ? moved : x).ToArray();
        return objective(args).item<double>();
    }

    private static Tensor WeightsFor(long[] shape)
    {
        // Fixed, non-uniform weights: a uniform weighting would hide errors that cancel across outputs
        // (e.g. a softmax gradient that sums to zero).
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var w = new double[n];
        for (long k = 0; k < n; k++) w[k] = Math.Sin(1.7 * k + 0.3) + 0.1 * (k % 3);
        return tensor(w, shape);
    }
}
