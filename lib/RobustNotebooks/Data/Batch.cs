using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>One mini-batch: images B×C×H×W float32 and labels B int64, on the loader's device.
/// Created in the caller's dispose scope (if any); disposing the batch frees both tensors.</summary>
public sealed class Batch : IDisposable
{
    public Tensor Images { get; }
    public Tensor Labels { get; }
    /// <summary>Positions of these samples in the loader's data set, in batch order.</summary>
    public int[] Indices { get; }
    public int Size => Indices.Length;

    public Batch(Tensor images, Tensor labels, int[] indices)
    {
        Images = images;
        Labels = labels;
        Indices = indices;
    }

    public void Deconstruct(out Tensor images, out Tensor labels)
    {
        images = Images;
        labels = Labels;
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
