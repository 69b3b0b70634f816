using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>max(0, x) + negative_slope·min(0, x) with a fixed slope.</summary>
public sealed class LeakyReLU(double negative_slope = 0.01) : Module<Tensor, Tensor>
{
    public double negative_slope { get; } = negative_slope;

    public override Tensor forward(Tensor input) => torch.nn.functional.leaky_relu(input, negative_slope);

    public override string extra_repr() => $"negative_slope={Repr.Number(negative_slope)}";
}
