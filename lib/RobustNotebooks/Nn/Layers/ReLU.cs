using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

public sealed class ReLU : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.relu();
}
