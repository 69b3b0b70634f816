using RobustNotebooks.Torch;
using RobustNotebooks.Training;

namespace RobustNotebooks.Tests.Training;

public class TrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Small(string loss = "softmax") => new()
    {
        Dataset = "fmnist", Model = "lenetpp", Loss = loss, Epochs = 2, Limit = 192, BatchSize = 64,
        EmbeddingDim = 16, Seed = 11, ClipGradNorm = loss == "pcl" ? 5 : 0,
    };

    private static byte[] Weights(string run) => File.ReadAllBytes(Path.Combine(run, RunCheckpoint.ModelFile));

    [Fact]
    public void ResumingAnInterruptedRunEndsWithTheSameWeights()
    {
        var straight = Path.Combine(_dir, "straight");
        using (var trainer = new Trainer(Small("pcl"), straight, log: TextWriter.Null)) trainer.Run();

        // Kill the second run in the middle of its second epoch: only the epoch-1 checkpoint survives.
        var interrupted = Path.Combine(_dir, "interrupted");
        using (var trainer = new Trainer(Small("pcl"), interrupted, log: TextWriter.Null))
        {
            using var cancel = new CancellationTokenSource();
            trainer.BatchCompleted += (epoch, batches) => { if (epoch == 1 && batches == 2) cancel.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(cancel.Token));
            Assert.Equal(1, trainer.CompletedEpochs);
        }
        Assert.Equal(1, RunCheckpoint.ReadInfo(interrupted).CompletedEpochs);
        using (var resumed = new Trainer(Small("pcl"), interrupted, resume: true, log: TextWriter.Null))
        {
            Assert.Equal(1, resumed.CompletedEpochs);
            resumed.Run();
        }
        Assert.Equal(Weights(straight), Weights(interrupted));
        var a = File.ReadAllBytes(Path.Combine(straight, RunCheckpoint.StateFile));
        var b = File.ReadAllBytes(Path.Combine(interrupted, RunCheckpoint.StateFile));
        Assert.Equal(a.Length, b.Length);
    }

    [Fact]
    public void AnExistingCheckpointIsNeverOverwrittenSilently()
    {
        var run = Path.Combine(_dir, "run");
        using (var trainer = new Trainer(Small() with { Epochs = 1 }, run, log: TextWriter.Null)) trainer.Run();
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer(Small() with { Epochs = 1 }, run, log: TextWriter.Null));
        Assert.Contains("resume", e.Message);
        var other = Assert.Throws<InvalidOperationException>(() => new Trainer(Small() with { Seed = 12 }, run, resume: true, log: TextWriter.Null));
        Assert.Contains("another configuration", other.Message);
    }

    [Fact]
    public void CheckpointRecordsConfigMetricsAndVersions()
    {
        var run = Path.Combine(_dir, "run");
        using (var trainer = new Trainer(Small("pcl") with { Epochs = 1 }, run, log: TextWriter.Null)) trainer.Run();
        var info = RunCheckpoint.ReadInfo(run);
        Assert.Equal(Small("pcl") with { Epochs = 1 }, info.Config);
        var metrics = Assert.Single(info.Metrics);
        Assert.Contains("penultimate/proximity", metrics.TrainLoss.Keys);
        Assert.Equal(192, metrics.TrainSamples);
        Assert.NotNull(metrics.NearestPrototypeAccuracy);
        Assert.Equal(torch.__version__, info.Versions["libtorch"]);
        Assert.True(File.Exists(Path.Combine(run, "metrics.csv")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    [Fact]
    public void ATruncatedCheckpointGivesAClearError()
    {
        var run = Path.Combine(_dir, "run");
        using (var trainer = new Trainer(Small() with { Epochs = 1 }, run, log: TextWriter.Null)) trainer.Run();
        var path = Path.Combine(run, RunCheckpoint.StateFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointFormatException>(() => new Trainer(Small() with { Epochs = 2 }, run, resume: true, log: TextWriter.Null));
        Assert.Contains(RunCheckpoint.StateFile, e.Message);
    }

    [Fact]
    public void PclTighterClustersThanSoftmaxFromTheSameStart()
    {
        var softmaxRun = Path.Combine(_dir, "softmax");
        TrainConfig phase1 = Small() with { Epochs = 3, Limit = 512 };
        double softmaxRatio, pclRatio;
        using (var trainer = new Trainer(phase1, softmaxRun, log: TextWriter.Null))
            softmaxRatio = trainer.Run()[^1].Geometry.Single(g => g.Layer == "penultimate").Ratio;
        using (var trainer = new Trainer(phase1 with { Loss = "pcl", From = softmaxRun, ClipGradNorm = 5 }, Path.Combine(_dir, "pcl"), log: TextWriter.Null))
            pclRatio = trainer.Run()[^1].Geometry.Single(g => g.Layer == "penultimate").Ratio;
        Assert.True(pclRatio < 0.8 * softmaxRatio, $"PCL intra/inter ratio {pclRatio:F3} vs softmax {softmaxRatio:F3}");
    }

    [Fact]
    public void TrainingLeavesNoTensorBehind()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = Tensor.LiveCount;
        using (var trainer = new Trainer(Small("pcl") with { Epochs = 1 }, Path.Combine(_dir, "run"), log: TextWriter.Null))
            trainer.Run();
        // No collection here: a tensor left to the finalizer would still count as live.
        Assert.Equal(baseline, Tensor.LiveCount);
    }
}
