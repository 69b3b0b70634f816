using RobustNotebooks.Data;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Models;

/// <summary>(x − mean) / std per channel, as the first layer of a model, so that the model's
/// input (and every attack's budget) is in [0, 1] pixel units.</summary>
public sealed class InputNormalization : Module<Tensor, Tensor>
{
    private readonly Tensor mean;
    private readonly Tensor std;

    public InputNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count != std.Count)
            throw new ArgumentException($"InputNormalization: {mean.Count} means but {std.Count} standard deviations");
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException("InputNormalization: every standard deviation must be positive", nameof(std));
        this.mean = tensor(mean.ToArray(), [1, mean.Count, 1, 1]).DetachFromDisposeScope();
        this.std = tensor(std.ToArray(), [1, std.Count, 1, 1]).DetachFromDisposeScope();
        register_buffer("mean", this.mean, persistent: false);
        register_buffer("std", this.std, persistent: false);
    }

    public InputNormalization(ChannelStatistics statistics) : this(statistics.Mean, statistics.Std)
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var centred = input - mean;
        return centred / std;
    }
}
