using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>torchvision's RandomCrop(size, padding) for a whole batch: zero-pad each side by
/// <see cref="Padding"/>, then cut an H×W window at an offset drawn per sample. Done with two gathers
/// on the device, so the cost does not grow with a per-sample loop on the host.</summary>
public sealed class RandomCrop : IBatchTransform
{
    private readonly DataRandom _random;
    public int Padding { get; }

    public RandomCrop(int padding, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        _random = new DataRandom(seed);
    }

    public Tensor Apply(Tensor images)
    {
        if (images.dim() != 4) throw new ArgumentException($"RandomCrop: expected B×C×H×W, got [{string.Join(", ", images.shape)}]");
        long b = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        int p = Padding;
        var dy = new long[b];
        var dx = new long[b];
        for (int i = 0; i < b; i++)
        {
            dy[i] = _random.NextInt(2 * p + 1);
            dx[i] = _random.NextInt(2 * p + 1);
        }
        if (p == 0) return images.clone();
        var device = images.device;
        using var scope = torch.NewDisposeScope();
        var padded = torch.zeros([b, c, h + 2 * p, w + 2 * p], images.dtype, device);
        padded.narrow(2, p, h).narrow(3, p, w).copy_(images);
        // rows[b,c,i,j] = i + dy[b]: pick rows first, keeping the padded width …
        var rowOffsets = torch.tensor(dy, [b, 1, 1, 1], device);
        var rows = torch.arange(h, ScalarType.Int64, device).view(1, 1, h, 1).add(rowOffsets).expand(b, c, h, w + 2 * p);
        var picked = padded.gather(2, rows);
        // … then columns: cols[b,c,i,j] = j + dx[b].
        var colOffsets = torch.tensor(dx, [b, 1, 1, 1], device);
        var cols = torch.arange(w, ScalarType.Int64, device).view(1, 1, 1, w).add(colOffsets).expand(b, c, h, w);
        return picked.gather(3, cols).MoveToOuterDisposeScope();
    }
}
