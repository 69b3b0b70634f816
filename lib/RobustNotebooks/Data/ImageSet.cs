namespace RobustNotebooks.Data;

/// <summary>A labelled image set held in memory as raw bytes, independent of the tensor engine:
/// pixels in N×C×H×W order (row-major, one byte per channel value), one label per image.
/// CIFAR-100 carries its coarse (super-class) labels beside the fine ones.</summary>
public sealed class ImageSet
{
    /// <summary>The data set's name, e.g. "Fashion-MNIST" or "MNIST-10k"; shown in every result that uses it.</summary>
    public string Name { get; }
    public DataSplit Split { get; }
    public int Count { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>N×C×H×W bytes, 0..255.</summary>
    public byte[] Pixels { get; }

    /// <summary>Class index per image, each in [0, ClassNames.Count).</summary>
    public int[] Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public int[]? CoarseLabels { get; }
    public IReadOnlyList<string>? CoarseClassNames { get; }

    public int ImageSize => Channels * Height * Width;
    public int ClassCount => ClassNames.Count;

    public ImageSet(string name, DataSplit split, byte[] pixels, int[] labels, int channels, int height, int width,
        IReadOnlyList<string> classNames, int[]? coarseLabels = null, IReadOnlyList<string>? coarseClassNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"image shape {channels}×{height}×{width} must be positive");
        if (classNames.Count == 0) throw new ArgumentException("a labelled set needs at least one class name");
        long imageSize = (long)channels * height * width;
        if (pixels.LongLength != labels.LongLength * imageSize)
            throw new ArgumentException($"{pixels.LongLength} pixel bytes do not hold {labels.Length} images of {channels}×{height}×{width}");
        CheckLabels(labels, classNames.Count, "label");
        if ((coarseLabels is null) != (coarseClassNames is null))
            throw new ArgumentException("coarse labels and coarse class names come together");
        if (coarseLabels is not null)
        {
            if (coarseLabels.Length != labels.Length)
                throw new ArgumentException($"{coarseLabels.Length} coarse labels for {labels.Length} images");
            CheckLabels(coarseLabels, coarseClassNames!.Count, "coarse label");
        }
        Name = name;
        Split = split;
        Pixels = pixels;
        Labels = labels;
        Count = labels.Length;
        Channels = channels;
        Height = height;
        Width = width;
        ClassNames = classNames;
        CoarseLabels = coarseLabels;
        CoarseClassNames = coarseClassNames;
    }

    private static void CheckLabels(int[] labels, int classCount, string what)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"{what} {labels[i]} of image {i} is outside [0, {classCount})");
    }

    /// <summary>The bytes of image <paramref name="index"/>, C×H×W.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"image {index} of {Count}");
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>Images per class, indexed by label.</summary>
    public int[] LabelHistogram()
    {
        var histogram = new int[ClassCount];
        foreach (var label in Labels) histogram[label]++;
        return histogram;
    }

    /// <summary>The same images labelled by CIFAR-100's 20 super-classes instead of its 100 classes.</summary>
    public ImageSet WithCoarseLabels()
    {
        if (CoarseLabels is null) throw new InvalidOperationException($"{Name} has no coarse labels");
        return new ImageSet(Name + " (coarse)", Split, Pixels, CoarseLabels, Channels, Height, Width, CoarseClassNames!);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order (copies the pixels).</summary>
    public ImageSet Select(IReadOnlyList<int> indices, string? name = null)
    {
        int size = ImageSize;
        var pixels = new byte[(long)indices.Count * size];
        var labels = new int[indices.Count];
        var coarse = CoarseLabels is null ? null : new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            Image(i).CopyTo(pixels.AsSpan(k * size, size));
            labels[k] = Labels[i];
            if (coarse is not null) coarse[k] = CoarseLabels![i];
        }
        return new ImageSet(name ?? Name, Split, pixels, labels, Channels, Height, Width, ClassNames, coarse, CoarseClassNames);
    }

    /// <summary>The first <paramref name="count"/> images (all when fewer), for quick modes.</summary>
    public ImageSet Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= Count) return this;
        return Select(Enumerable.Range(0, count).ToArray());
    }

    public override string ToString() =>
        $"{Name} {Split.ToString().ToLowerInvariant()}: {Count} images {Channels}×{Height}×{Width}, {ClassCount} classes";
}
