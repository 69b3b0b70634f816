using RobustNotebooks.Data;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Data;

public class LoaderTests
{
    private static ImageSet Small(int n = 10, int channels = 3, int h = 4, int w = 5, int seed = 1) =>
        new("Small", DataSplit.Train, SyntheticImages.Bytes(n * channels * h * w, seed), SyntheticImages.Labels(n, 10, seed),
            channels, h, w, ClassNames.Digits);

    [Fact]
    public void Tensor_set_holds_pixels_over_255_and_int64_labels()
    {
        var set = Small();
        using var tensors = TensorImageSet.From(set);
        Assert.Equal([10L, 3, 4, 5], tensors.Images.shape);
        Assert.Equal(ScalarType.Float32, tensors.Images.dtype);
        Assert.Equal(ScalarType.Int64, tensors.Labels.dtype);
        var values = tensors.Images.data<float>();
        for (int i = 0; i < values.Length; i++) Assert.Equal(set.Pixels[i] / 255f, values[i], 6);
        Assert.Equal(set.Labels.Select(l => (long)l), tensors.Labels.data<long>());
    }

    [Fact]
    public void Batches_cover_each_sample_once_and_match_the_set()
    {
        var set = Small(23);
        using var tensors = TensorImageSet.From(set);
        var loader = new DataLoader(tensors, batchSize: 5, shuffle: true, seed: 42);
        Assert.Equal(5, loader.Count);
        var seen = new List<int>();
        var sizes = new List<int>();
        foreach (var batch in loader)
            using (batch)
            {
                sizes.Add(batch.Size);
                var x = batch.Images.data<float>();
                var y = batch.Labels.data<long>();
                for (int k = 0; k < batch.Size; k++)
                {
                    int i = batch.Indices[k];
                    Assert.Equal(set.Labels[i], y[k]);
                    var image = set.Image(i);
                    for (int p = 0; p < set.ImageSize; p++) Assert.Equal(image[p] / 255f, x[k * set.ImageSize + p], 6);
                }
                seen.AddRange(batch.Indices);
            }
        Assert.Equal([5, 5, 5, 5, 3], sizes);
        Assert.Equal(Enumerable.Range(0, 23), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 23), seen);
    }

    [Fact]
    public void Shuffle_is_fixed_by_seed_and_epoch()
    {
        using var tensors = TensorImageSet.From(Small(50));
        var a = new DataLoader(tensors, 8, shuffle: true, seed: 7);
        var b = new DataLoader(tensors, 8, shuffle: true, seed: 7);
        var c = new DataLoader(tensors, 8, shuffle: true, seed: 8);
        Assert.Equal(a.Order(0), b.Order(0));
        Assert.NotEqual(a.Order(0), a.Order(1));
        Assert.NotEqual(a.Order(0), c.Order(0));
        Assert.Equal(Enumerable.Range(0, 50), new DataLoader(tensors, 8).Order(3));
        // Enumerating advances the epoch; the second pass follows Order(1).
        var first = a.SelectMany(batch => { using (batch) return batch.Indices; }).ToArray();
        var second = a.SelectMany(batch => { using (batch) return batch.Indices; }).ToArray();
        Assert.Equal(b.Order(0), first);
        Assert.Equal(b.Order(1), second);
    }

    [Fact]
    public void Drop_last_and_limit()
    {
        using var tensors = TensorImageSet.From(Small(23));
        var dropped = new DataLoader(tensors, 5, dropLast: true);
        Assert.Equal(4, dropped.Count);
        Assert.All(dropped, batch => { using (batch) Assert.Equal(5, batch.Size); });
        var limited = new DataLoader(tensors, 4, shuffle: true, seed: 1, limit: 10);
        Assert.Equal(3, limited.Count);
        var indices = limited.SelectMany(batch => { using (batch) return batch.Indices; }).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), indices.Order());
        Assert.Equal(23, new DataLoader(tensors, 4, limit: 1000).SampleCount);
    }

    [Fact]
    public void Loader_leaves_no_live_tensors()
    {
        using var tensors = TensorImageSet.From(Small(40));
        long baseline = Tensor.LiveCount;
        var loader = new DataLoader(tensors, 6, shuffle: true, seed: 3, transform: Compose.PaperCifarTraining(ChannelStatistics.Cifar10, 5));
        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var batch in loader)
                using (torch.NewDisposeScope())
                using (batch)
                {
                    using var sum = batch.Images.sum();
                }
        Assert.Equal(baseline, Tensor.LiveCount);
    }
}
