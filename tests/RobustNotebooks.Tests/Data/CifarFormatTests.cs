using System.Text;
using RobustNotebooks.Data;
using static RobustNotebooks.Tests.Data.OfficialFormatWriter;

namespace RobustNotebooks.Tests.Data;

public class CifarFormatTests
{
    private const int Image = 3072;
    private static readonly string[] Cifar10Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private static byte[][] Images(int n, int seed) =>
        Enumerable.Range(0, n).Select(i => SyntheticImages.Bytes(Image, seed * 100 + i)).ToArray();

    private static byte[] Lines(IEnumerable<string> names, string trailer = "\n") => Encoding.UTF8.GetBytes(string.Join("\n", names) + trailer);

    [Fact]
    public void Cifar10_train_concatenates_the_five_batches_in_order()
    {
        using var dir = new TempFolder();
        var all = new List<byte[]>();
        var labels = new List<int>();
        for (int b = 1; b <= 5; b++)
        {
            var images = Images(3, b);
            var l = SyntheticImages.Labels(3, 10, b);
            dir.Write($"cifar-10-batches-bin/data_batch_{b}.bin", Cifar(images, l, null));
            all.AddRange(images);
            labels.AddRange(l);
        }
        dir.Write("cifar-10-batches-bin/test_batch.bin", Cifar(Images(2, 9), [0, 9], null));
        // The official batches.meta.txt ends with blank lines.
        dir.Write("cifar-10-batches-bin/batches.meta.txt", Lines(Cifar10Names, "\n\n"));

        var train = Datasets.Cifar10(DataSplit.Train, dir.Path);
        Assert.Equal((15, 3, 32, 32), (train.Count, train.Channels, train.Height, train.Width));
        Assert.Equal(all.SelectMany(x => x).ToArray(), train.Pixels);
        Assert.Equal(labels, train.Labels);
        Assert.Equal(Cifar10Names, train.ClassNames);
        Assert.Equal("CIFAR-10", train.Name);

        var test = Datasets.Cifar10(DataSplit.Test, dir.Path);
        Assert.Equal([0, 9], test.Labels);
        // Channel planes are stored R then G then B, each 32×32 row-major: C×H×W as is.
        Assert.Equal(Images(2, 9)[1][1024 + 32 * 5 + 7], test.Image(1)[1 * 1024 + 5 * 32 + 7]);
    }

    [Fact]
    public void Cifar100_has_fine_and_coarse_labels()
    {
        using var dir = new TempFolder();
        var images = Images(4, 3);
        int[] fine = [0, 99, 42, 7], coarse = [19, 0, 5, 11];
        dir.Write("cifar-100-binary/train.bin", Cifar(images, fine, coarse));
        dir.Write("cifar-100-binary/fine_label_names.txt", Lines(Enumerable.Range(0, 100).Select(i => $"fine{i}")));
        dir.Write("cifar-100-binary/coarse_label_names.txt", Lines(Enumerable.Range(0, 20).Select(i => $"coarse{i}")));

        var set = Datasets.Cifar100(DataSplit.Train, dir.Path);
        Assert.Equal(fine, set.Labels);
        Assert.Equal(coarse, set.CoarseLabels);
        Assert.Equal(images.SelectMany(x => x).ToArray(), set.Pixels);
        Assert.Equal(100, set.ClassCount);
        var byCoarse = set.WithCoarseLabels();
        Assert.Equal(coarse, byCoarse.Labels);
        Assert.Equal("coarse19", byCoarse.ClassNames[byCoarse.Labels[0]]);
    }

    [Fact]
    public void Bad_records_name_the_file_and_fault()
    {
        using var dir = new TempFolder();
        var good = Cifar(Images(2, 1), [1, 2], null);
        var p = dir.Write("batch.bin", good[..^1]);
        var e = Assert.Throws<DataFormatException>(() => CifarBinary.Read([p], 10, 0));
        Assert.Contains("batch.bin", e.Message);
        Assert.Contains("1 records and 3072 bytes left over", e.Message);

        p = dir.Write("labels.bin", Cifar(Images(2, 1), [1, 10], null));
        e = Assert.Throws<DataFormatException>(() => CifarBinary.Read([p], 10, 0));
        Assert.Contains("record 1: label 10", e.Message);

        p = dir.Write("c100.bin", Cifar(Images(1, 1), [5], [20]));
        e = Assert.Throws<DataFormatException>(() => CifarBinary.Read([p], 100, 20));
        Assert.Contains("coarse label 20", e.Message);

        p = dir.Write("names.txt", Lines(["a", "b"]));
        e = Assert.Throws<DataFormatException>(() => CifarBinary.ReadNames(p, 10));
        Assert.Contains("2 class names; expected 10", e.Message);
    }

    [Fact]
    public void A_missing_data_set_names_files_folder_and_source()
    {
        using var dir = new TempFolder();
        dir.Write("cifar-10-batches-bin/data_batch_1.bin", Cifar(Images(1, 1), [1], null));
        var e = Assert.Throws<DatasetMissingException>(() => Datasets.Cifar10(DataSplit.Train, dir.Path));
        Assert.Contains("data_batch_2.bin", e.Message);
        Assert.DoesNotContain("data_batch_1.bin", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "cifar-10-batches-bin"), e.Message);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", e.Message);
        Assert.Equal(5, e.MissingFiles.Count); // batches 2..5 and batches.meta.txt
    }
}
