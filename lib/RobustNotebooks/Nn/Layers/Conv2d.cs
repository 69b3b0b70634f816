using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>2-D convolution over N×C×H×W input; weight (out, in/groups, kH, kW). Initialised as
/// PyTorch does (kaiming_uniform_(a = √5) weights, U(±1/√fan_in) bias).</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public long in_channels { get; }
    public long out_channels { get; }
    public long[] kernel_size { get; }
    public long[] stride { get; }
    public long[] padding { get; }
    public long[] dilation { get; }
    public long groups { get; }

    public Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
        : this(in_channels, out_channels, [kernelSize, kernelSize], [stride, stride], [padding, padding], [dilation, dilation], groups, bias, device, dtype)
    {
    }

    public Conv2d(long in_channels, long out_channels, long[] kernelSize, long[]? stride = null, long[]? padding = null,
        long[]? dilation = null, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
    {
        if (groups <= 0) throw new ArgumentException($"Conv2d: groups must be a positive integer, got {groups}", nameof(groups));
        if (in_channels % groups != 0) throw new ArgumentException($"Conv2d: in_channels ({in_channels}) must be divisible by groups ({groups})", nameof(in_channels));
        if (out_channels % groups != 0) throw new ArgumentException($"Conv2d: out_channels ({out_channels}) must be divisible by groups ({groups})", nameof(out_channels));
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        kernel_size = Pair(kernelSize, nameof(kernelSize));
        this.stride = Pair(stride ?? [1], nameof(stride));
        this.padding = Pair(padding ?? [0], nameof(padding));
        this.dilation = Pair(dilation ?? [1], nameof(dilation));
        this.groups = groups;
        register_parameter("weight", torch.empty([out_channels, in_channels / groups, kernel_size[0], kernel_size[1]], dtype, device));
        register_parameter("bias", bias ? torch.empty([out_channels], dtype, device) : null);
        reset_parameters();
    }

    private static long[] Pair(long[] v, string name) => v.Length switch
    {
        1 => [v[0], v[0]],
        2 => [v[0], v[1]],
        _ => throw new ArgumentException($"Conv2d: {name} takes one or two values, got {v.Length}", name),
    };

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

    public override Tensor forward(Tensor input) =>
        torch.nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);

    public override string extra_repr()
    {
        var s = $"{in_channels}, {out_channels}, kernel_size={Repr.Tuple(kernel_size)}, stride={Repr.Tuple(stride)}";
        if (padding.Any(p => p != 0)) s += $", padding={Repr.Tuple(padding)}";
        if (dilation.Any(d => d != 1)) s += $", dilation={Repr.Tuple(dilation)}";
        if (groups != 1) s += $", groups={groups}";
        if (bias is null) s += ", bias=False";
        return s;
    }
}
