using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>A whole image set as two tensors on one device: images N×C×H×W float32 in [0,1] and
/// labels N int64. Kept whole so that a batch is one index_select, not a per-sample copy.
/// The tensors belong to this object (outside any dispose scope); dispose it to free them.</summary>
public sealed class TensorImageSet : IDisposable
{
    public string Name { get; }
    public DataSplit Split { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Count { get; }
    public Device Device => Images.device;

    public TensorImageSet(string name, DataSplit split, IReadOnlyList<string> classNames, Tensor images, Tensor labels)
    {
        if (images.dim() != 4) throw new ArgumentException($"images must be N×C×H×W; got [{string.Join(", ", images.shape)}]");
        if (labels.dim() != 1 || labels.size(0) != images.size(0))
            throw new ArgumentException($"labels must be 1-D with {images.size(0)} entries; got [{string.Join(", ", labels.shape)}]");
        if (images.device != labels.device) throw new ArgumentException($"images on {images.device}, labels on {labels.device}");
        Name = name;
        Split = split;
        ClassNames = classNames;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Count = (int)images.size(0);
    }

    /// <summary>Converts bytes to float32 / 255 and labels to int64, on <paramref name="device"/>.</summary>
    public static TensorImageSet From(ImageSet set, Device? device = null)
    {
        var target = device ?? Device.CPU;
        // Converted here rather than by torch ops: one pass, no byte-sized intermediate tensor, and
        // x / 255f is the same correctly rounded float division torch's div performs.
        var pixels = set.Pixels;
        var floats = GC.AllocateUninitializedArray<float>(pixels.Length);
        Parallel.For(0, (pixels.Length + Chunk - 1) / Chunk, k =>
        {
            int end = Math.Min(pixels.Length, (k + 1) * Chunk);
            for (int i = k * Chunk; i < end; i++) floats[i] = pixels[i] / 255f;
        });
        var images = torch.tensor(floats, [set.Count, set.Channels, set.Height, set.Width], target);
        var labels = torch.tensor(Array.ConvertAll(set.Labels, l => (long)l), [set.Count], target);
        return new TensorImageSet(set.Name, set.Split, set.ClassNames, images, labels);
    }

    private const int Chunk = 1 << 20;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    public override string ToString() => $"{Name} {Split.ToString().ToLowerInvariant()}: {Count} images [{string.Join("×", Images.shape.Skip(1))}] on {Device}";
}
