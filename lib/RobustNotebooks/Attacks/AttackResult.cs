using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>What an attack returns: the adversarial images (same shape, device and dtype as the
/// inputs) and, per example, whether the model misclassifies its adversarial (bool, N). The caller
/// owns both tensors.</summary>
public sealed class AttackResult(Tensor adversarials, Tensor success) : IDisposable
{
    public Tensor Adversarials { get; } = adversarials;

    public Tensor Success { get; } = success;

    public void Dispose()
    {
        Adversarials.Dispose();
        Success.Dispose();
    }
}
