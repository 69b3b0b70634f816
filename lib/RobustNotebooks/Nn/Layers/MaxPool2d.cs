using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Max over kernel windows; the stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    public long[] kernel_size { get; }
    public long[] stride { get; }
    public long[] padding { get; }
    public long[] dilation { get; }
    public bool ceil_mode { get; }
    private readonly bool _scalarArgs;

    public MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false)
        : this([kernel_size], stride is { } s ? [s] : null, [padding], [dilation], ceil_mode) => _scalarArgs = true;

    public MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
    {
        this.kernel_size = kernel_size;
        this.stride = stride ?? kernel_size;
        this.padding = padding ?? [0];
        this.dilation = dilation ?? [1];
        this.ceil_mode = ceil_mode;
    }

    public override Tensor forward(Tensor input) =>
        torch.nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);

    public override string extra_repr() => _scalarArgs
        ? $"kernel_size={kernel_size[0]}, stride={stride[0]}, padding={padding[0]}, dilation={dilation[0]}, ceil_mode={Repr.Bool(ceil_mode)}"
        : $"kernel_size={Repr.Tuple(kernel_size)}, stride={Repr.Tuple(stride)}, padding={Repr.Tuple(padding)}, dilation={Repr.Tuple(dilation)}, ceil_mode={Repr.Bool(ceil_mode)}";
}
