using RobustNotebooks.Torch;

namespace RobustNotebooks.Defenses;

/// <summary>The input checks every input transformation makes, naming the transformation.</summary>
internal static class InputTransformChecks
{
    public static void Images(Tensor images, string transform)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4)
            throw new ArgumentException($"{transform}: images must be N×C×H×W, got shape [{string.Join(", ", images.shape)}]", nameof(images));
        if (!images.dtype.IsFloatingPoint())
            throw new ArgumentException($"{transform}: images must be floating point in [0, 1], got {images.dtype}", nameof(images));
    }
}
