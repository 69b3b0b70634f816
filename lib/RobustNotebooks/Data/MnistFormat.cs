namespace RobustNotebooks.Data;

/// <summary>Loads an images/labels IDX pair (MNIST, Fashion-MNIST) into an <see cref="ImageSet"/>.</summary>
public static class MnistFormat
{
    public static ImageSet Load(string name, DataSplit split, string imagesPath, string labelsPath, IReadOnlyList<string> classNames)
    {
        var images = IdxFile.Read(imagesPath, expectedRank: 3);
        var labels = IdxFile.Read(labelsPath, expectedRank: 1);
        int n = images.Shape[0], height = images.Shape[1], width = images.Shape[2];
        if (height == 0 || width == 0) throw new DataFormatException(imagesPath, $"images of {height}×{width} pixels");
        if (labels.Shape[0] != n)
            throw new DataFormatException(labelsPath, $"holds {labels.Shape[0]} labels but {Path.GetFileName(imagesPath)} holds {n} images");
        var labelValues = labels.Values;
        var classes = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = labelValues[i];
            if (label >= classNames.Count)
                throw new DataFormatException(labelsPath, $"label {label} of item {i} is outside [0, {classNames.Count})");
            classes[i] = label;
        }
        byte[] pixels = images.DataOffset == 0 ? images.Data : images.Values.ToArray();
        return new ImageSet(name, split, pixels, classes, 1, height, width, classNames);
    }
}
