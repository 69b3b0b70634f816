using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Returns its input as a new handle (the caller may dispose it independently).</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.alias();
}
