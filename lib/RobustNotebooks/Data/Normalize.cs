using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>(x − mean[c]) / std[c] per channel, like torchvision's Normalize.</summary>
public sealed class Normalize : IBatchTransform
{
    public ChannelStatistics Statistics { get; }

    public Normalize(ChannelStatistics statistics)
    {
        if (statistics.Mean.Length != statistics.Std.Length || statistics.Mean.Length == 0)
            throw new ArgumentException("mean and std need one value per channel");
        if (statistics.Std.Any(s => !(s > 0))) throw new ArgumentException("std values must be positive");
        Statistics = statistics;
    }

    public Tensor Apply(Tensor images)
    {
        int channels = Statistics.Mean.Length;
        if (images.dim() != 4 || images.size(1) != channels)
            throw new ArgumentException($"Normalize: expected B×{channels}×H×W, got [{string.Join(", ", images.shape)}]");
        using var mean = torch.tensor(Statistics.Mean, [1, channels, 1, 1], images.device);
        using var std = torch.tensor(Statistics.Std, [1, channels, 1, 1], images.device);
        using var centred = images.sub(mean);
        return centred.div(std);
    }
}
