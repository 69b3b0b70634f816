using RobustNotebooks.Data;
using static RobustNotebooks.Tests.Data.OfficialFormatWriter;

namespace RobustNotebooks.Tests.Data;

public class IdxFormatTests
{
    private const int N = 7, H = 5, W = 4;

    private static (byte[] pixels, int[] labels) Sample(int seed = 1) =>
        (SyntheticImages.Bytes(N * H * W, seed), SyntheticImages.Labels(N, 10, seed));

    private static byte[] LabelBytes(int[] labels) => labels.Select(l => (byte)l).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_images_and_labels_pixel_for_pixel(bool gzip)
    {
        var (pixels, labels) = Sample();
        using var dir = new TempFolder();
        var images = Idx(pixels, N, H, W);
        var labelFile = Idx(LabelBytes(labels), N);
        var ip = dir.Write("images", gzip ? Gzip(images) : images);
        var lp = dir.Write("labels", gzip ? Gzip(labelFile) : labelFile);

        var set = MnistFormat.Load("Test", DataSplit.Train, ip, lp, ClassNames.Digits);

        Assert.Equal((N, 1, H, W), (set.Count, set.Channels, set.Height, set.Width));
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal(labels, set.Labels);
        Assert.Equal(pixels.AsSpan(3 * H * W, H * W).ToArray(), set.Image(3).ToArray());
    }

    [Fact]
    public void Plain_files_without_gz_suffix_are_found_by_the_catalog()
    {
        var (pixels, labels) = Sample(2);
        using var dir = new TempFolder();
        dir.Write("fashion-mnist/t10k-images-idx3-ubyte", Idx(pixels, N, H, W));
        dir.Write("fashion-mnist/t10k-labels-idx1-ubyte", Idx(LabelBytes(labels), N));
        var set = Datasets.FashionMnist(DataSplit.Test, dir.Path);
        Assert.Equal("Fashion-MNIST", set.Name);
        Assert.Equal(pixels, set.Pixels);
        Assert.Equal("Ankle boot", set.ClassNames[9]);
    }

    private static DataFormatException LoadFails(byte[] images, byte[] labels, string expectedFile, string expectedText)
    {
        using var dir = new TempFolder();
        var ip = dir.Write("imgs.idx", images);
        var lp = dir.Write("lbls.idx", labels);
        var e = Assert.Throws<DataFormatException>(() => MnistFormat.Load("Test", DataSplit.Train, ip, lp, ClassNames.Digits));
        Assert.Contains(expectedFile, e.Message);
        Assert.Contains(expectedText, e.Message);
        return e;
    }

    [Fact]
    public void Label_out_of_range_is_reported()
    {
        var (pixels, labels) = Sample();
        labels[4] = 10;
        LoadFails(Idx(pixels, N, H, W), Idx(LabelBytes(labels), N), "lbls.idx", "label 10 of item 4");
    }

    [Fact]
    public void Wrong_magic_numbers_are_reported()
    {
        var (pixels, labels) = Sample();
        LoadFails(Idx(pixels, N * H, W), Idx(LabelBytes(labels), N), "imgs.idx", "2 dimensions; expected 3");
        var notIdx = Idx(pixels, N, H, W);
        notIdx[0] = 0x50;
        LoadFails(notIdx, Idx(LabelBytes(labels), N), "imgs.idx", "wrong magic number");
        var floats = Idx(pixels, N, H, W);
        floats[2] = 0x0D;
        LoadFails(floats, Idx(LabelBytes(labels), N), "imgs.idx", "element type 0x0D");
    }

    [Fact]
    public void Counts_that_disagree_are_reported()
    {
        var (pixels, labels) = Sample();
        LoadFails(Idx(pixels, N, H, W), Idx(LabelBytes(labels[..6]), 6), "lbls.idx", "holds 6 labels but imgs.idx holds 7 images");
    }

    [Fact]
    public void Truncated_and_padded_files_are_reported()
    {
        var (pixels, labels) = Sample();
        var images = Idx(pixels, N, H, W);
        LoadFails(images[..^3], Idx(LabelBytes(labels), N), "imgs.idx", "truncated");
        LoadFails(images[..10], Idx(LabelBytes(labels), N), "imgs.idx", "truncated");
        LoadFails([.. images, 0], Idx(LabelBytes(labels), N), "imgs.idx", "1 unexpected bytes");
    }

    [Fact]
    public void Corrupt_gzip_streams_are_reported()
    {
        var (pixels, labels) = Sample();
        var gz = Gzip(Idx(pixels, N, H, W));
        var flipped = (byte[])gz.Clone();
        flipped[gz.Length / 2] ^= 0x10;
        LoadFails(flipped, Gzip(Idx(LabelBytes(labels), N)), "imgs.idx", "gzip");
        LoadFails(gz[..^5], Gzip(Idx(LabelBytes(labels), N)), "imgs.idx", "gzip");
        var badCrc = (byte[])gz.Clone();
        badCrc[^6] ^= 0x01;
        LoadFails(badCrc, Gzip(Idx(LabelBytes(labels), N)), "imgs.idx", "gzip");
    }

    [Fact]
    public void Concatenated_gzip_members_decode_as_one_stream()
    {
        var (pixels, labels) = Sample(3);
        var images = Idx(pixels, N, H, W);
        var twoMembers = Gzip(images[..50]).Concat(Gzip(images[50..])).ToArray();
        using var dir = new TempFolder();
        var set = MnistFormat.Load("Test", DataSplit.Test, dir.Write("i", twoMembers), dir.Write("l", Idx(LabelBytes(labels), N)), ClassNames.Digits);
        Assert.Equal(pixels, set.Pixels);
    }
}
