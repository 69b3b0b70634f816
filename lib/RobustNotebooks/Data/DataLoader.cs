using System.Collections;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>Mini-batches over a <see cref="TensorImageSet"/>, PyTorch DataLoader-style:
/// <code>foreach (var (x, y) in loader) { ... }</code>
/// Each batch is one index_select on the data set's tensors (no per-sample work), then the transform.
/// Shuffling uses <see cref="DataRandom"/> seeded from (seed, epoch), so epoch k of a run is the same
/// every time, independent of torch's generator. Every enumeration is the next epoch; <see cref="Epoch"/>
/// can be set to resume.</summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    public TensorImageSet Data { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public ulong Seed { get; }
    public bool DropLast { get; }
    /// <summary>Samples used per epoch: the first <c>limit</c> of the data set (a fixed subset for quick modes), or all.</summary>
    public int SampleCount { get; }
    public IBatchTransform? Transform { get; }
    public Device Device { get; }
    /// <summary>The epoch the next enumeration yields (0 first).</summary>
    public int Epoch { get; set; }

    public DataLoader(TensorImageSet data, int batchSize, bool shuffle = false, ulong seed = 0, bool dropLast = false,
        int? limit = null, IBatchTransform? transform = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), "the sample limit cannot be negative");
        Data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        SampleCount = Math.Min(limit ?? data.Count, data.Count);
        Transform = transform;
        Device = device ?? data.Device;
    }

    /// <summary>Batches per epoch.</summary>
    public int Count => DropLast ? SampleCount / BatchSize : (SampleCount + BatchSize - 1) / BatchSize;

    /// <summary>The sample order of an epoch, without building any tensor.</summary>
    public int[] Order(int epoch)
    {
        if (!Shuffle) return Enumerable.Range(0, SampleCount).ToArray();
        // Distinct, well-mixed seed per (seed, epoch): SplitMix inside DataRandom decorrelates them.
        var random = new DataRandom(Seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1);
        return random.Permutation(SampleCount);
    }

    public IEnumerator<Batch> GetEnumerator()
    {
        var order = Order(Epoch++);
        int batches = Count;
        for (int k = 0; k < batches; k++)
        {
            // Every batch loop (training, evaluation, attacks over a data set) stops here when its host
            // (a notebook cell being interrupted) cancels.
            AmbientCancellation.ThrowIfCancellationRequested();
            int start = k * BatchSize;
            var indices = order[start..Math.Min(start + BatchSize, order.Length)];
            yield return Make(indices);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Batch Make(int[] indices)
    {
        Tensor images, labels;
        using (var scope = torch.NewDisposeScope())
        {
            var index = torch.tensor(Array.ConvertAll(indices, i => (long)i), [indices.Length], Data.Device);
            var x = Data.Images.index_select(0, index);
            var y = Data.Labels.index_select(0, index);
            if (Device != Data.Device)
            {
                x = x.to(Device);
                y = y.to(Device);
            }
            if (Transform is not null) x = Transform.Apply(x);
            images = x.MoveToOuterDisposeScope();
            labels = y.MoveToOuterDisposeScope();
        }
        return new Batch(images, labels, indices);
    }
}
