using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>One differentiable function with the inputs it is checked at; inputs are built lazily
/// (after seeding) so each theory row allocates only while it runs.</summary>
public sealed record GradCase(Func<Tensor[]> Inputs, Func<Tensor[], Tensor> F);

internal static class Leaves
{
    /// <summary>Standard-normal float64 leaf that requires grad.</summary>
    public static Tensor Normal(params long[] shape) => randn(shape, float64, requires_grad: true);

    /// <summary>Positive float64 leaf in [0.5, 1.5), for sqrt, log and friends.</summary>
    public static Tensor Positive(params long[] shape)
    {
        using var u = rand(shape, float64);
        using var shifted = u + 0.5;
        return shifted.detach().requires_grad_();
    }

    /// <summary>A float64 leaf whose entries are a shuffled ramp: all distinct and well apart, so max,
    /// sort and pooling have no ties that would make the finite difference straddle a kink.</summary>
    public static Tensor Distinct(params long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        using var perm = randperm(n);
        using var asDouble = perm.to(float64);
        using var scaled = asDouble * (1.0 / n);
        using var shaped = scaled.reshape(shape);
        return shaped.detach().requires_grad_();
    }

    public static Tensor Constant(Tensor t) => t.detach();
}
