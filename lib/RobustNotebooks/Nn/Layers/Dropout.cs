using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>In training, zeroes each element with probability p and scales the rest by 1/(1-p);
/// in evaluation, the identity.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    public double p { get; }

    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
        this.p = p;
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.dropout(input, p, training);

    public override string extra_repr() => $"p={Repr.Number(p)}, inplace=False";
}
