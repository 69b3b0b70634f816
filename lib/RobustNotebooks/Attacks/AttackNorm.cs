using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>The threat model's norm as the three decisions a projected-gradient attack makes (Foolbox 3's
/// split): where to start, how a gradient becomes a step, and how to project back into the ε-ball ∩ [0, 1].
/// Every method works per example (dimension 0) and returns a new tensor.</summary>
public abstract class AttackNorm
{
    public static readonly AttackNorm Linf = new LinfNorm();

    public static readonly AttackNorm L2 = new L2Norm();

    /// <summary>"linf" or "l2", as settings and results tables write it.</summary>
    public abstract string Name { get; }

    /// <summary>A uniform random point of the ε-ball around <paramref name="images"/>, clipped to [0, 1]
    /// (draws from libtorch's default generator).</summary>
    public abstract Tensor RandomStart(Tensor images, double eps);

    /// <summary>The steepest-ascent step of length <paramref name="stepSize"/> along a direction:
    /// α·sign(d) for L∞, α·d/‖d‖₂ for L2.</summary>
    public abstract Tensor Step(Tensor direction, double stepSize);

    /// <summary>As <see cref="Step(Tensor, double)"/> with one step length per example (N), as APGD halves them.</summary>
    public abstract Tensor Step(Tensor direction, Tensor stepSizes);

    /// <summary>The point of the ε-ball around <paramref name="origin"/> ∩ [0, 1] that the attack keeps:
    /// the nearest one for L∞, a radial shrink then a clip to the box for L2 (clipping only moves
    /// coordinates toward the origin, so the result stays in the ball).</summary>
    public abstract Tensor Project(Tensor points, Tensor origin, double eps);

    /// <summary>t/‖t‖ per example in this norm (APGD's start direction).</summary>
    public abstract Tensor Normalize(Tensor t);

    /// <summary>‖a − b‖ per example in this norm (N).</summary>
    public abstract Tensor Distance(Tensor a, Tensor b);

    public override string ToString() => Name;

    /// <summary>Per-example sizes as N×1×…×1, so they broadcast against the batch.</summary>
    protected static Tensor PerExample(Tensor values, Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = like.size(0);
        return values.reshape(shape);
    }

    protected static long[] FeatureDims(Tensor t) => Enumerable.Range(1, (int)t.dim() - 1).Select(d => (long)d).ToArray();
}
