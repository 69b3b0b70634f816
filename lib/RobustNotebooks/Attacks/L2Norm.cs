using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>L2: unit-norm gradient steps, and projection by shrinking the perturbation radially to ε
/// before the clip to [0, 1].</summary>
public sealed class L2Norm : AttackNorm
{
    internal L2Norm() { }

    public override string Name => "l2";

    /// <summary>Uniform in the ball: a Gaussian direction and a radius ε·u^(1/d).</summary>
    public override Tensor RandomStart(Tensor images, double eps)
    {
        using var gaussian = randn_like(images);
        using var direction = Normalize(gaussian);
        var d = images[0].numel();
        using var u = rand([images.size(0)], images.dtype, images.device);
        using var root = u.pow(1.0 / d);
        using var radius = root * eps;
        using var r = PerExample(radius, images);
        using var delta = direction * r;
        using var moved = images + delta;
        return moved.clamp(0, 1);
    }

    public override Tensor Step(Tensor direction, double stepSize)
    {
        using var unit = Normalize(direction);
        return unit * stepSize;
    }

    public override Tensor Step(Tensor direction, Tensor stepSizes)
    {
        using var unit = Normalize(direction);
        using var sizes = PerExample(stepSizes, direction);
        return unit * sizes;
    }

    public override Tensor Project(Tensor points, Tensor origin, double eps)
    {
        using var delta = points - origin;
        using var flat = delta.flatten(1);
        using var norm = flat.norm(2, [1]);
        using var safe = norm.clamp_min(1e-12);
        using var ratio = eps / safe;
        using var factor = ratio.clamp_max(1.0);
        using var f = PerExample(factor, points);
        using var shrunk = delta * f;
        using var moved = origin + shrunk;
        return moved.clamp(0, 1);
    }

    public override Tensor Normalize(Tensor t)
    {
        using var flat = t.flatten(1);
        using var norm = flat.norm(2, [1]);
        using var safe = norm.clamp_min(1e-12);
        using var size = PerExample(safe, t);
        return t / size;
    }

    public override Tensor Distance(Tensor a, Tensor b)
    {
        using var d = a - b;
        using var flat = d.flatten(1);
        return flat.norm(2, [1]);
    }
}
