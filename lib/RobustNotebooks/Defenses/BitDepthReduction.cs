using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Defenses;

/// <summary>Bit-depth reduction (Xu et al. 2018 "feature squeezing"; Guo et al. 2018): each value is
/// rounded to the nearest of 2^bits evenly spaced levels in [0, 1]. A step function, so its gradient
/// is zero almost everywhere; the result is detached and attacks need BPDA.</summary>
public sealed class BitDepthReduction : IInputTransform
{
    public BitDepthReduction(int bits)
    {
        if (bits is < 1 or > 8)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bit depth must be from 1 to 8 bits per value");
        Bits = bits;
    }

    public int Bits { get; }

    public string Name => "bits:" + Bits.ToString(CultureInfo.InvariantCulture);

    public bool IsRandomized => false;

    public bool IsDifferentiable => false;

    public Tensor Apply(Tensor images)
    {
        InputTransformChecks.Images(images, Name);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double levels = (1 << Bits) - 1;
        return images.detach().clamp(0, 1).mul(levels).round().div(levels).MoveToOuterDisposeScope();
    }

    public override string ToString() => Name;
}
