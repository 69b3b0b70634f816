using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>L∞: sign steps, and projection as a clip to [x − ε, x + ε] ∩ [0, 1].</summary>
public sealed class LinfNorm : AttackNorm
{
    internal LinfNorm() { }

    public override string Name => "linf";

    public override Tensor RandomStart(Tensor images, double eps)
    {
        using var noise = empty_like(images).uniform_(-eps, eps);
        using var moved = images + noise;
        return moved.clamp(0, 1);
    }

    public override Tensor Step(Tensor direction, double stepSize)
    {
        using var sign = direction.sign();
        return sign * stepSize;
    }

    public override Tensor Step(Tensor direction, Tensor stepSizes)
    {
        using var sign = direction.sign();
        using var sizes = PerExample(stepSizes, direction);
        return sign * sizes;
    }

    public override Tensor Project(Tensor points, Tensor origin, double eps)
    {
        using var low = origin - eps;
        using var high = origin + eps;
        using var inBall = points.clamp(low, high);
        return inBall.clamp(0, 1);
    }

    public override Tensor Normalize(Tensor t)
    {
        using var flat = t.flatten(1);
        using var abs = flat.abs();
        using var max = abs.amax([1], keepdim: false);
        using var safe = max.clamp_min(1e-12);
        using var size = PerExample(safe, t);
        return t / size;
    }

    public override Tensor Distance(Tensor a, Tensor b)
    {
        using var d = a - b;
        using var flat = d.flatten(1);
        using var abs = flat.abs();
        return abs.amax([1], keepdim: false);
    }
}
