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

    /// <summary>‖f_i − c_j‖ (B×K), with the same clamp under the square root so its gradient stays finite.</summary>
    public static Tensor Euclidean(Tensor features, Tensor centers)
    {
        using var squared = Squared(features, centers);
        return squared.sqrt();
    }
}
