using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Data;

/// <summary>The real Fashion-MNIST from the Debian package dataset-fashion-mnist, put in a scratch
/// data root by the same preparation step users run.</summary>
public class FashionMnistRealTests
{
    [Fact]
    public void Debian_files_prepare_verify_and_load_with_official_counts()
    {
        Assert.True(Directory.Exists(DataPreparation.DebianFashionMnist), "install the Debian package dataset-fashion-mnist (scripts/setup.sh)");
        using var root = new TempFolder();
        DataPreparation.Prepare(root.Path, repositoryRoot: null);
        var status = DatasetStatus.Check(DatasetCatalog.FashionMnist, root.Path);
        Assert.True(status.Complete && !status.Damaged, status.Summary);
        Assert.All(status.Files, f => Assert.Equal(DatasetStatus.FileState.Verified, f.State));

        var train = Datasets.FashionMnist(DataSplit.Train, root.Path);
        var test = Datasets.FashionMnist(DataSplit.Test, root.Path);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.All(train.LabelHistogram(), c => Assert.Equal(6000, c));
        Assert.All(test.LabelHistogram(), c => Assert.Equal(1000, c));
        Assert.Equal("Fashion-MNIST", train.Name);
        // Real images, not blank: mean intensity of Fashion-MNIST training images is about 72.9/255.
        double mean = train.Pixels.Average(b => (double)b);
        Assert.InRange(mean, 72, 74);
    }

    [Fact]
    public void A_tampered_file_fails_verification()
    {
        using var root = new TempFolder();
        var labels = File.ReadAllBytes(Path.Combine(DataPreparation.DebianFashionMnist, "t10k-labels-idx1-ubyte.gz"));
        root.Write("fashion-mnist/t10k-labels-idx1-ubyte.gz", OfficialFormatWriter.Gzip([.. OfficialFormatWriter.Idx([1, 2, 3], 3)]));
        var status = DatasetStatus.Check(DatasetCatalog.FashionMnist, root.Path);
        Assert.True(status.Damaged);
        Assert.Contains(status.Files, f => f.File.Name == "t10k-labels-idx1-ubyte.gz" && f.State == DatasetStatus.FileState.Mismatch);

        // The same labels decompressed (what a user gets with gunzip) verify by their content hash.
        root.Write("fashion-mnist/t10k-labels-idx1-ubyte.gz", DataFile.Gunzip("labels", labels));
        status = DatasetStatus.Check(DatasetCatalog.FashionMnist, root.Path);
        Assert.Contains(status.Files, f => f.File.Name == "t10k-labels-idx1-ubyte.gz" && f.State == DatasetStatus.FileState.Verified);
    }
}
