using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>The checks every attack makes before it starts, each naming the argument at fault.</summary>
internal static class AttackInput
{
    public static void Check(FeatureClassifier model, Tensor images, Tensor labels, double eps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (!double.IsFinite(eps) || eps < 0)
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "ε must be a finite number ≥ 0");
        if (images.dim() != 4)
            throw new ArgumentException($"images must be N×C×H×W, got shape [{string.Join(", ", images.shape)}]", nameof(images));
        if (!images.dtype.IsFloatingPoint())
            throw new ArgumentException($"images must be floating point in [0, 1], got {images.dtype}", nameof(images));
        long n = images.size(0);
        if (n == 0) throw new ArgumentException("the batch is empty", nameof(images));
        if (labels.dim() != 1 || labels.size(0) != n)
            throw new ArgumentException($"labels must be a vector of {n} class indices, got shape [{string.Join(", ", labels.shape)}]", nameof(labels));
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"labels must be int64 class indices, got {labels.dtype}", nameof(labels));
        if (images.device != labels.device)
            throw new ArgumentException($"images are on {images.device} but labels on {labels.device}", nameof(labels));
        var parameter = model.parameters().FirstOrDefault();
        if (parameter is not null && parameter.device != images.device)
            throw new ArgumentException($"images are on {images.device} but the model's parameters on {parameter.device}; move one of them with .to(device)", nameof(images));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var lo = images.min().ToDouble();
        var hi = images.max().ToDouble();
        if (lo < 0 || hi > 1 || double.IsNaN(lo) || double.IsNaN(hi))
            throw new ArgumentException($"images must lie in [0, 1] (attacks work in pixel space), got values in [{lo}, {hi}]", nameof(images));
        var minLabel = labels.min().ToDouble();
        var maxLabel = labels.max().ToDouble();
        if (minLabel < 0 || maxLabel >= model.NumClasses)
            throw new ArgumentException($"labels must lie in [0, {model.NumClasses - 1}] for this {model.NumClasses}-class model, got [{minLabel}, {maxLabel}]", nameof(labels));
    }
}
