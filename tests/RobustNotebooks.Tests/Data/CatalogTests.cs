using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Data;

public class CatalogTests
{
    [Fact]
    public void Committed_manifest_matches_the_catalog()
    {
        var repository = DataRoot.FindRepositoryRoot()!;
        var committed = File.ReadAllText(Path.Combine(repository, "data", "manifest.json"));
        Assert.Equal(DataManifest.ToJson(), committed);
    }

    [Fact]
    public void Catalog_lists_every_data_set_with_unique_folders()
    {
        Assert.Equal(["mnist", "fashion-mnist", "mnist10k", "cifar-10", "cifar-100", "svhn"], DatasetCatalog.All.Select(d => d.Id));
        Assert.Equal(DatasetCatalog.All.Count, DatasetCatalog.All.Select(d => d.Folder).Distinct().Count());
        Assert.Equal("MNIST-10k", DatasetCatalog.Get("mnist10k").Name);
        Assert.Same(DatasetCatalog.Cifar10, DatasetCatalog.Get("CIFAR-10"));
        Assert.Throws<ArgumentException>(() => DatasetCatalog.Get("imagenet"));
        Assert.All(DatasetCatalog.All.SelectMany(d => d.Files).Where(f => f.Sha256 is not null), f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256!));
    }

    [Fact]
    public void Environment_variable_overrides_the_data_root()
    {
        var before = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        try
        {
            using var dir = new TempFolder();
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, dir.Path);
            Assert.Equal(dir.Path, DataRoot.Resolve());
            var e = Assert.Throws<DatasetMissingException>(() => Datasets.Svhn(DataSplit.Test));
            Assert.Contains(Path.Combine(dir.Path, "svhn"), e.Message);
            Assert.Contains("test_32x32.mat", e.Message);
            Assert.Contains("http://ufldl.stanford.edu/housenumbers/test_32x32.mat", e.Message);
            Assert.DoesNotContain("train_32x32.mat", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, before);
        }
        Assert.EndsWith(Path.DirectorySeparatorChar + "data", DataRoot.Resolve());
    }
}
