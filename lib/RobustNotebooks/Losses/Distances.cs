using RobustNotebooks.Torch;

namespace RobustNotebooks.Losses;

internal static class Distances
{
    /// <summary>D_ij = ‖f_i − c_j‖², computed as ‖f‖² + ‖c‖² − 2 f·cᵀ (B×K), clamped to
    /// [1e-12, 1e12] as the official code does (the lower bound only absorbs round-off).</summary>
    public static Tensor Squared(Tensor features, Tensor centers)
    {
        using var fSquare = features.square();
        using var f2 = fSquare.sum(1, keepdim: true);
        using var cSquare = centers.square();
        using var c2 = cSquare.sum(1);
        using var c2Row = c2.unsqueeze(0);
        using var ct = centers.t();
        using var cross = f2 + c2Row;
        using var d = cross.addmm(features, ct, beta: 1, alpha: -2);
        return d.clamp(1e-12, 1e12);
    }

    /// <summary>‖f_i − c_j‖ (B×K), from the differences f_i − c_j themselves: expanding the square
    /// cancels in float32 near a prototype (‖f‖² and 2f·c agree to many digits), exactly where the loss
    /// drives features, and the square root's gradient then blows up. The norm's gradient at a zero
    /// distance is zero.</summary>
    public static Tensor Euclidean(Tensor features, Tensor centers)
    {
        using var f = features.unsqueeze(1);
        using var c = centers.unsqueeze(0);
        using var differences = f - c;
        return differences.norm(2, 2);
    }
}
