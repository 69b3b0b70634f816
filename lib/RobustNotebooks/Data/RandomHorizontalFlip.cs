using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>Mirrors each image left–right with probability <see cref="Probability"/>, decided per sample.</summary>
public sealed class RandomHorizontalFlip : IBatchTransform
{
    private readonly DataRandom _random;
    public double Probability { get; }

    public RandomHorizontalFlip(ulong seed, double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability));
        _random = new DataRandom(seed);
        Probability = probability;
    }

    /// <summary>Draws the next <paramref name="size"/> per-sample decisions (1 = mirror), as <see cref="Apply"/> does; exposed so a run can be replayed.</summary>
    public byte[] Draw(int size)
    {
        var flip = new byte[size];
        for (int i = 0; i < size; i++) flip[i] = (byte)((_random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) < Probability ? 1 : 0);
        return flip;
    }

    public Tensor Apply(Tensor images)
    {
        if (images.dim() != 4) throw new ArgumentException($"RandomHorizontalFlip: expected B×C×H×W, got [{string.Join(", ", images.shape)}]");
        int size = (int)images.size(0);
        var flip = Draw(size);
        using var mask = torch.tensor(flip, [size, 1, 1, 1], images.device);
        using var condition = mask.ne(0);
        using var mirrored = images.flip(3);
        return torch.where(condition, mirrored, images);
    }
}
