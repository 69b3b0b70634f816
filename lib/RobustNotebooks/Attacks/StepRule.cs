using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>How a gradient-ascent attack turns the gradient of each iteration into the direction the
/// norm then steps along. A rule may keep a per-example memory across iterations (MIM's velocity);
/// the attack loop owns that memory and selects its rows when examples leave the batch.</summary>
public abstract class StepRule
{
    /// <summary>The gradient itself (FGSM, BIM, PGD).</summary>
    public static readonly StepRule Plain = new PlainStep();

    /// <summary>Momentum as the official PCL code and torchattacks' MIFGSM: g ← μ·g + ∇/mean|∇|, μ = 1.</summary>
    public static StepRule Momentum(double decay = 1.0) => new MomentumStep(decay);

    public abstract string Name { get; }

    /// <summary>The direction for this iteration and the memory to carry into the next (null when the
    /// rule keeps none). Both are new tensors; <paramref name="memory"/> is only read.</summary>
    public abstract (Tensor direction, Tensor? memory) Direction(Tensor gradient, Tensor? memory);

    public override string ToString() => Name;
}
