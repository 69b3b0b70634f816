using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>y = x·Wᵀ + b, with W of shape (out_features, in_features). Initialised as PyTorch does:
/// W by kaiming_uniform_(a = √5), i.e. U(±1/√in_features), and b by U(±1/√in_features).</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public long in_features { get; }
    public long out_features { get; }

    public Linear(long in_features, long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
    {
        if (in_features < 0 || out_features < 0)
            throw new ArgumentException($"Linear: feature counts must be non-negative, got in_features={in_features}, out_features={out_features}");
        this.in_features = in_features;
        this.out_features = out_features;
        register_parameter("weight", torch.empty([out_features, in_features], dtype, device));
        register_parameter("bias", hasBias ? torch.empty([out_features], dtype, device) : null);
        reset_parameters();
    }

    public Tensor weight
    {
        get => get_parameter("weight")!;
        set => register_parameter("weight", value);
    }

    public Tensor? bias
    {
        get => get_parameter("bias");
        set => register_parameter("bias", value);
    }

    public void reset_parameters() => DefaultInit.LinearLike(weight, bias);

    public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, weight, bias);

    public override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={Repr.Bool(bias is not null)}";
}
