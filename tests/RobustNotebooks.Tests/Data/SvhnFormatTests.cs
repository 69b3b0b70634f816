using RobustNotebooks.Data;
using static RobustNotebooks.Tests.Data.OfficialFormatWriter;

namespace RobustNotebooks.Tests.Data;

public class SvhnFormatTests
{
    private const int N = 3;

    /// <summary>Images as img[n][c][row][col] and the same data in MATLAB's column-major X layout.</summary>
    internal static (byte[,,,] images, byte[] columnMajor) Images(int seed)
    {
        var random = new Random(seed);
        var images = new byte[N, 3, 32, 32];
        var x = new byte[N * 3072];
        for (int n = 0; n < N; n++)
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < 32; r++)
                    for (int col = 0; col < 32; col++)
                    {
                        var v = (byte)random.Next(256);
                        images[n, c, r, col] = v;
                        x[r + 32 * col + 1024 * c + 3072 * n] = v;
                    }
        return (images, x);
    }

    internal static byte[] File(bool compress, bool labelsAsDouble, double[] labels, int seed = 5)
    {
        var (_, x) = Images(seed);
        var y = labelsAsDouble
            ? new MatArray("y", MxDouble, MiDouble, [N, 1], Doubles(labels))
            : new MatArray("y", MxDouble, MiUInt8, [N, 1], labels.Select(v => (byte)v).ToArray());
        return Mat5(compress, new MatArray("X", MxUInt8, MiUInt8, [32, 32, 3, N], x), y);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Loads_X_and_y_into_NCHW_with_label_10_as_digit_0(bool compress, bool labelsAsDouble)
    {
        using var dir = new TempFolder();
        var path = dir.Write("svhn/train_32x32.mat", File(compress, labelsAsDouble, [10, 1, 9]));
        var set = Datasets.Svhn(DataSplit.Train, dir.Path);

        var (images, _) = Images(5);
        Assert.Equal((N, 3, 32, 32), (set.Count, set.Channels, set.Height, set.Width));
        Assert.Equal([0, 1, 9], set.Labels);
        for (int n = 0; n < N; n++)
        {
            var image = set.Image(n);
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < 32; r++)
                    for (int col = 0; col < 32; col++)
                        Assert.Equal(images[n, c, r, col], image[c * 1024 + r * 32 + col]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_files_written_big_endian(bool compress)
    {
        var (images, x) = Images(8);
        var y = new MatArray("y", MxDouble, MiDouble, [N, 1], Doubles([3, 10, 7], bigEndian: true));
        var bytes = Mat5(compress, bigEndian: true, new MatArray("X", MxUInt8, MiUInt8, [32, 32, 3, N], x), y);
        using var dir = new TempFolder();
        var set = SvhnFormat.Load(dir.Write("be.mat", bytes), DataSplit.Test);
        Assert.Equal([3, 0, 7], set.Labels);
        Assert.Equal(images[2, 1, 30, 4], set.Image(2)[1024 + 30 * 32 + 4]);
    }

    private static DataFormatException Fails(byte[] bytes, string expected)
    {
        using var dir = new TempFolder();
        var path = dir.Write("bad.mat", bytes);
        var e = Assert.Throws<DataFormatException>(() => SvhnFormat.Load(path, DataSplit.Test));
        Assert.Contains("bad.mat", e.Message);
        Assert.Contains(expected, e.Message);
        return e;
    }

    [Fact]
    public void Malformed_files_name_the_fault()
    {
        Fails(File(false, true, [0, 1, 2]), "label 0 of image 0 is not in 1..10");
        Fails(File(true, true, [1, 11, 2]), "label 11 of image 1");
        Fails(File(true, true, [1, 2, 2.5]), "label 2.5");
        var (_, x) = Images(1);
        Fails(Mat5(true, new MatArray("X", MxUInt8, MiUInt8, [32, 32, 3, N], x)), "no numeric variable y");
        Fails(Mat5(false, new MatArray("X", MxUInt8, MiUInt8, [32, 96, N], x), new MatArray("y", MxDouble, MiDouble, [N, 1], Doubles([1, 1, 1]))), "X is 32×96×3");
        Fails(Mat5(false, new MatArray("X", MxUInt8, MiUInt8, [32, 32, 3, N], x), new MatArray("y", MxDouble, MiDouble, [2, 1], Doubles([1, 1]))), "y is 2×1");
        Fails(Mat5(false, new MatArray("X", MxUInt8, MiUInt8, [32, 32, 3, N + 1], x)), "needs 12288 bytes");

        var good = File(true, true, [1, 2, 3]);
        Fails(good[..^10], "truncated");
        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;
        Fails(flipped, "compressed element");
        var v73 = (byte[])good.Clone();
        "MATLAB 7.3 MAT-file"u8.CopyTo(v73);
        Fails(v73, "HDF5");
        var endian = (byte[])good.Clone();
        endian[126] = (byte)'X';
        Fails(endian, "endian indicator");
        Fails(good[..100], "shorter than the 128-byte");
    }
}
