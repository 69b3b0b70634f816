using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>Transforms applied in order, e.g. crop, flip, normalise (the paper's CIFAR-10 training transform).</summary>
public sealed class Compose(params IBatchTransform[] transforms) : IBatchTransform
{
    public IReadOnlyList<IBatchTransform> Transforms { get; } = transforms;

    public Tensor Apply(Tensor images)
    {
        if (Transforms.Count == 0) return images.clone();
        var current = Transforms[0].Apply(images);
        for (int i = 1; i < Transforms.Count; i++)
        {
            var next = Transforms[i].Apply(current);
            current.Dispose();
            current = next;
        }
        return current;
    }

    /// <summary>RandomCrop(padding 4) → RandomHorizontalFlip → Normalize, seeded: research/paper.md §2.4.</summary>
    public static Compose PaperCifarTraining(ChannelStatistics statistics, ulong seed) =>
        new(new RandomCrop(4, seed), new RandomHorizontalFlip(seed ^ 0x9E3779B97F4A7C15UL), new Normalize(statistics));
}
