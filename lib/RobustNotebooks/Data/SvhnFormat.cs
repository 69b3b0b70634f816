namespace RobustNotebooks.Data;

/// <summary>SVHN "cropped digits" (train_32x32.mat, test_32x32.mat): variable X, 32×32×3×N bytes in
/// MATLAB's column-major order (row fastest, then column, channel, image), and y, N×1 labels 1..10 where
/// 10 stands for the digit 0. Converted to N×3×32×32 with labels 0..9 equal to the digit shown.</summary>
public static class SvhnFormat
{
    public const int Side = 32;

    public static ImageSet Load(string path, DataSplit split)
    {
        var variables = MatFile.Read(path);
        if (!variables.TryGetValue("X", out var x)) throw new DataFormatException(path, "no numeric variable X (the images)");
        if (!variables.TryGetValue("y", out var y)) throw new DataFormatException(path, "no numeric variable y (the labels)");
        var d = x.Dimensions;
        if (d.Length != 4 || d[0] != Side || d[1] != Side || d[2] != 3)
            throw new DataFormatException(path, $"X is {string.Join('×', d)}; expected 32×32×3×N");
        int n = d[3];
        bool column = y.Dimensions.Length == 2 && ((y.Dimensions[0] == n && y.Dimensions[1] == 1) || (y.Dimensions[0] == 1 && y.Dimensions[1] == n));
        if (!column) throw new DataFormatException(path, $"y is {string.Join('×', y.Dimensions)}; expected {n}×1 to match X's {n} images");

        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double v = y[i];
            if (!(v >= 1 && v <= 10 && v == Math.Floor(v)))
                throw new DataFormatException(path, $"label {v} of image {i} is not in 1..10");
            labels[i] = (int)v % 10;
        }

        var columnMajor = x.ToBytes();
        var pixels = new byte[columnMajor.LongLength];
        const int plane = Side * Side, image = 3 * plane;
        for (int i = 0; i < n; i++)
        {
            int baseAt = i * image;
            for (int c = 0; c < 3; c++)
            {
                int planeAt = baseAt + c * plane;
                // Source index r + 32·col, target r·32 + col: a 32×32 transpose per plane.
                for (int col = 0; col < Side; col++)
                {
                    int src = planeAt + col * Side;
                    for (int r = 0; r < Side; r++) pixels[planeAt + r * Side + col] = columnMajor[src + r];
                }
            }
        }
        return new ImageSet("SVHN", split, pixels, labels, 3, Side, Side, ClassNames.Digits);
    }
}
