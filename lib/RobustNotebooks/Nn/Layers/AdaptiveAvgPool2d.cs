using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Averages each channel down to a fixed output size (1 gives global average pooling).</summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    public long[] output_size { get; }
    private readonly bool _scalarArgs;

    public AdaptiveAvgPool2d(long output_size) : this([output_size, output_size]) => _scalarArgs = true;

    public AdaptiveAvgPool2d(long[] output_size)
    {
        if (output_size.Length is not (1 or 2))
            throw new ArgumentException($"AdaptiveAvgPool2d: output_size takes one or two values, got {output_size.Length}", nameof(output_size));
        this.output_size = output_size.Length == 1 ? [output_size[0], output_size[0]] : output_size;
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.adaptive_avg_pool2d(input, output_size);

    public override string extra_repr() => "output_size=" + (_scalarArgs ? output_size[0].ToString() : Repr.Tuple(output_size));
}
