using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>Steps along the gradient of the current iterate; keeps no memory.</summary>
public sealed class PlainStep : StepRule
{
    internal PlainStep() { }

    public override string Name => "plain";

    public override (Tensor direction, Tensor? memory) Direction(Tensor gradient, Tensor? memory) => (gradient.alias(), null);
}
