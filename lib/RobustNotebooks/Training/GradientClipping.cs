using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Training;

public static class GradientClipping
{
    /// <summary>Scales all gradients so their global L2 norm is at most maxNorm (as PyTorch's
    /// clip_grad_norm_), and returns the norm before clipping as a tensor, so the step never waits
    /// on the device.</summary>
    public static Tensor ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        using var _ = no_grad();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return zeros([]);
        using var scope = NewDisposeScope();
        var squares = grads.Select(g => g.square().sum()).ToList();
        var total = stack(squares).sum().sqrt();
        // min(1, maxNorm / (norm + 1e-6)), applied unconditionally to avoid a host round trip.
        var factor = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(factor);
        foreach (var g in grads) g.Dispose();
        return total.MoveToOuterDisposeScope();
    }
}
