namespace RobustNotebooks.Defenses;

/// <summary>The denoising operation D of a feature-denoising block (Xie et al. CVPR 2019, §3).</summary>
public enum DenoisingOperation
{
    /// <summary>Non-local means with embedded-Gaussian weights: softmax over positions j of
    /// θ(xᵢ)ᵀφ(xⱼ)/√d (the paper's best variant).</summary>
    NonLocalGaussian,
    /// <summary>Non-local means with dot-product weights θ(xᵢ)ᵀφ(xⱼ), divided by the number of positions.</summary>
    NonLocalDot,
    /// <summary>3×3 mean filter (average over the neighbours inside the map).</summary>
    Mean,
    /// <summary>3×3 median filter (edges replicated).</summary>
    Median,
}
