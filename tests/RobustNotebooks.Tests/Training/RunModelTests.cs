using System.Security.Cryptography;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Training;

public class RunModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-runmodel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void APclRunLoadsWithItsWeightsPrototypesAndHash()
    {
        var run = Path.Combine(_dir, "pcl-run");
        var config = new TrainConfig { Dataset = "fmnist", Model = "lenetpp", Loss = "pcl", Epochs = 1, Limit = 64, BatchSize = 32, EmbeddingDim = 8, Seed = 4, ClipGradNorm = 5 };
        using var trainer = new Trainer(config, run, log: TextWriter.Null);
        trainer.Run();

        using var loaded = RunModel.Load(run, 10, 1, 28);
        Assert.Equal("pcl-run", loaded.Name);
        Assert.Equal(config, loaded.Config);
        Assert.False(loaded.Model.training);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(run, RunCheckpoint.ModelFile)))), loaded.Sha256);
        Assert.NotNull(loaded.Pcl);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int layer = 0; layer < config.PclLayers.Count; layer++)
            Assert.True(loaded.Pcl!.PrototypesOf(layer).allclose(trainer.Pcl!.PrototypesOf(layer), 0, 0));
        trainer.Model.eval();
        var x = rand(4, 1, 28, 28);
        Assert.True(loaded.Model.logits(x).allclose(trainer.Model.logits(x), 0, 0));
    }

    [Fact]
    public void AFolderThatIsNoRunGivesAClearError()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RunModel.Load(_dir, 10, 1, 28));
        Assert.Contains(RunCheckpoint.StateFile, e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => RunModel.Load(Path.Combine(_dir, "nope"), 10, 1, 28));
    }
}
