using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>max(0, x) + a·min(0, x) with a learned slope a: one shared, or one per channel.</summary>
public sealed class PReLU : Module<Tensor, Tensor>
{
    public long num_parameters { get; }

    public PReLU(long num_parameters = 1, double init = 0.25, Device? device = null, ScalarType? dtype = null)
    {
        if (num_parameters <= 0) throw new ArgumentException($"PReLU: num_parameters must be positive, got {num_parameters}", nameof(num_parameters));
        this.num_parameters = num_parameters;
        register_parameter("weight", torch.full([num_parameters], init, dtype, device));
    }

    public Tensor weight => get_parameter("weight")!;

    public override Tensor forward(Tensor input) => torch.nn.functional.prelu(input, weight);

    public override string extra_repr() => $"num_parameters={num_parameters}";
}
