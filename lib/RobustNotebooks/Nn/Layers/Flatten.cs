using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Flattens dimensions startDim..endDim (by default everything but the batch dimension).</summary>
public sealed class Flatten(long startDim = 1, long endDim = -1) : Module<Tensor, Tensor>
{
    public long start_dim { get; } = startDim;
    public long end_dim { get; } = endDim;

    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);

    public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
}
