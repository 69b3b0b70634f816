using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Mean over kernel windows; the stride defaults to the kernel size.</summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>
{
    public long[] kernel_size { get; }
    public long[] stride { get; }
    public long[] padding { get; }
    public bool ceil_mode { get; }
    public bool count_include_pad { get; }
    private readonly bool _scalarArgs;

    public AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true)
        : this([kernel_size], stride is { } s ? [s] : null, [padding], ceil_mode, count_include_pad) => _scalarArgs = true;

    public AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true)
    {
        this.kernel_size = kernel_size;
        this.stride = stride ?? kernel_size;
        this.padding = padding ?? [0];
        this.ceil_mode = ceil_mode;
        this.count_include_pad = count_include_pad;
    }

    public override Tensor forward(Tensor input) =>
        torch.nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);

    public override string extra_repr() => _scalarArgs
        ? $"kernel_size={kernel_size[0]}, stride={stride[0]}, padding={padding[0]}"
        : $"kernel_size={Repr.Tuple(kernel_size)}, stride={Repr.Tuple(stride)}, padding={Repr.Tuple(padding)}";
}
