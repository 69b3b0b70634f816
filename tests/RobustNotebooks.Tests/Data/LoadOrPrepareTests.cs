using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Data;

public class LoadOrPrepareTests
{
    [Fact]
    public void AnEmptyDataRootIsPreparedOnFirstUse()
    {
        var root = Directory.CreateTempSubdirectory("robustnb-empty-root-").FullName;
        var before = Environment.GetEnvironmentVariable(DataRoot.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, root);
            Assert.Throws<DatasetMissingException>(() => Datasets.Load("fashion-mnist", DataSplit.Test));
            var log = new StringWriter();
            var test = Datasets.LoadOrPrepare("fashion-mnist", DataSplit.Test, log);
            Assert.Equal(10_000, test.Count);
            Assert.Contains(root, log.ToString());
            Assert.Throws<DatasetMissingException>(() => Datasets.LoadOrPrepare("cifar-10", DataSplit.Test));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataRoot.EnvironmentVariable, before);
            Directory.Delete(root, recursive: true);
        }
    }
}
