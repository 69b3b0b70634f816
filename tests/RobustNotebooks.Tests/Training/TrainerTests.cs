using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Tests.Torch;
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
    public void ResumingAnInterruptedRunEndsWithTheSameWeightsAndSchedule()
    {
        // A milestone at epoch 1: a scheduler that forgot its epoch on resume would apply it twice.
        var config = Small("pcl") with { Epochs = 3, LrMilestones = [1] };
        var straight = Path.Combine(_dir, "straight");
        using (var trainer = new Trainer(config, straight, log: TextWriter.Null)) trainer.Run();

        // Kill the second run in the middle of its second epoch: only the epoch-1 checkpoint survives.
        var interrupted = Path.Combine(_dir, "interrupted");
        using (var trainer = new Trainer(config, interrupted, log: TextWriter.Null))
        {
            using var cancel = new CancellationTokenSource();
            trainer.BatchCompleted += (epoch, batches) => { if (epoch == 1 && batches == 2) cancel.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(cancel.Token));
            Assert.Equal(1, trainer.CompletedEpochs);
        }
        Assert.Equal(1, RunCheckpoint.ReadInfo(interrupted).CompletedEpochs);
        using (var resumed = new Trainer(config, interrupted, resume: true, log: TextWriter.Null))
        {
            Assert.Equal(1, resumed.CompletedEpochs);
            resumed.Run();
        }
        Assert.Equal(Weights(straight), Weights(interrupted));
        var expectedRates = new[] { 0.01, 0.01 * 0.1, 0.01 * 0.1 };
        Assert.Equal(expectedRates, RunCheckpoint.ReadInfo(straight).Metrics.Select(m => m.LearningRate), new ToleranceComparer(1e-15));
        Assert.Equal(expectedRates, RunCheckpoint.ReadInfo(interrupted).Metrics.Select(m => m.LearningRate), new ToleranceComparer(1e-15));
        // Every tensor of the state (model, prototypes, optimizer momenta) bit for bit.
        var (a, _) = Safetensors.Load(Path.Combine(straight, RunCheckpoint.StateFile));
        var (b, _) = Safetensors.Load(Path.Combine(interrupted, RunCheckpoint.StateFile));
        try
        {
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (name, t) in a)
            {
                Assert.True(t.shape.SequenceEqual(b[name].shape), name);
                Assert.True(t.eq(b[name]).all().item<bool>(), $"{name} differs after resume");
            }
        }
        finally
        {
            foreach (var t in a.Values.Concat(b.Values)) t.Dispose();
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void ResumeWithoutACheckpointIsAnError()
    {
        var run = Path.Combine(_dir, "never-trained");
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer(Small() with { Epochs = 1 }, run, resume: true, log: TextWriter.Null));
        Assert.Contains("no checkpoint", e.Message);
        Assert.False(RunCheckpoint.Exists(run));
    }

    [Fact]
    public void AFromPathWrittenDifferentlyIsTheSameRun()
    {
        var phase1 = Path.Combine(_dir, "phase1");
        using (var trainer = new Trainer(Small() with { Epochs = 1 }, phase1, log: TextWriter.Null)) trainer.Run();
        var phase2 = Path.Combine(_dir, "phase2");
        using (var trainer = new Trainer(Small("pcl") with { Epochs = 1, From = phase1 }, phase2, log: TextWriter.Null)) trainer.Run();
        // The same directory, relative to the working directory and with a trailing separator.
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, phase1) + Path.DirectorySeparatorChar;
        Assert.NotEqual(phase1, relative);
        using (var resumed = new Trainer(Small("pcl") with { Epochs = 2, From = relative }, phase2, resume: true, log: TextWriter.Null))
        {
            Assert.Equal(1, resumed.CompletedEpochs);
            resumed.Run();
        }
        Assert.Equal(2, RunCheckpoint.ReadInfo(phase2).CompletedEpochs);
        // A different run is still refused.
        var other = Assert.Throws<InvalidOperationException>(() =>
            new Trainer(Small("pcl") with { Epochs = 3, From = phase2 }, phase2, resume: true, log: TextWriter.Null));
        Assert.Contains("another configuration", other.Message);
    }

    [Fact]
    public void TheAdversarialHookSeesEvalModeAndTrainsOnADetachedDoubledBatch()
    {
        var deltas = new List<Tensor>();
        var modes = new List<bool>();
        var run = Path.Combine(_dir, "adversarial");
        using var trainer = new Trainer(Small() with { Epochs = 1, Limit = 128 }, run, log: TextWriter.Null);
        trainer.AdversarialExamples = (model, images, labels) =>
        {
            modes.Add(model.training);
            // A perturbation that is itself a leaf requiring grad: the step must not reach it.
            var delta = torch.full(images.shape, 0.01, requires_grad: true).DetachFromDisposeScope();
            deltas.Add(delta);
            return images + delta;
        };
        try
        {
            var metrics = trainer.Run().Single();
            Assert.Equal(2 * 128, metrics.TrainSamples);
            Assert.Equal([false, false], modes);
            Assert.True(trainer.Model.training);
            foreach (var d in deltas) Assert.Null(d.grad);
        }
        finally
        {
            foreach (var d in deltas) d.Dispose();
        }
    }

    [Fact]
    public void AThrowingAdversarialHookLeavesTheModelInTrainingMode()
    {
        using var trainer = new Trainer(Small() with { Epochs = 1, Limit = 64 }, Path.Combine(_dir, "throws"), log: TextWriter.Null);
        trainer.AdversarialExamples = (_, _, _) => throw new InvalidOperationException("attack failed");
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Run());
        Assert.Equal("attack failed", e.Message);
        Assert.True(trainer.Model.training);
        Assert.All(trainer.Model.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void TheHostsAmbientTokenStopsARunThatWasGivenNone()
    {
        using var cancel = new CancellationTokenSource();
        using var trainer = new Trainer(Small() with { Epochs = 1 }, Path.Combine(_dir, "ambient"), log: TextWriter.Null);
        int batches = 0;
        trainer.BatchCompleted += (_, done) => { batches = done; if (done == 1) cancel.Cancel(); };
        AmbientCancellation.SetSource(() => cancel.Token);
        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run());
        }
        finally
        {
            AmbientCancellation.SetSource(null);
        }
        Assert.Equal(1, batches);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void ADivergedRunStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint()
    {
        // Epoch 1 trains normally; from epoch 2 the batches the step sees are NaN, as after an exploding update.
        var run = Path.Combine(_dir, "diverges");
        using var trainer = new Trainer(Small(), run, log: TextWriter.Null);
        var poisoned = false;
        trainer.EpochCompleted += _ => poisoned = true;
        trainer.AdversarialExamples = (_, images, _) => poisoned ? images * double.NaN : images.clone();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Equal(1, e.Epoch);
        Assert.Equal(3, e.Batch);
        Assert.True(double.IsNaN(e.MeanLoss));
        Assert.Contains(run, e.Message);
        Assert.Contains("epoch 2", e.Message);
        Assert.Contains("--clip", e.Message);
        // The first epoch's checkpoint is what a resume finds.
        Assert.Single(RunCheckpoint.ReadInfo(run).Metrics);
        using var resumed = new Trainer(Small(), run, resume: true, log: TextWriter.Null);
        Assert.Equal(1, resumed.CompletedEpochs);
        Assert.All(resumed.Model.parameters(), p => Assert.False(p.isnan().any().item<bool>()));
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
        // The version of the libtorch that did the work, as PyTorch reports it over the same library.
        Assert.Equal(PyTorchReference.TorchVersion(), info.Versions["libtorch"]);
        var csv = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.Equal(2, csv.Length);
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        Assert.Equal(header.Length, row.Length);
        double Column(string name) => double.Parse(row[Array.IndexOf(header, name)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(metrics.TestAccuracy, Column("test_acc"), 5);
        Assert.Equal(metrics.TrainAccuracy, Column("train_acc"), 5);
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
        var count = new LeakCount();
        using (var trainer = new Trainer(Small("pcl") with { Epochs = 1 }, Path.Combine(_dir, "run"), log: TextWriter.Null))
            trainer.Run();
        // Every tensor of the run disposed: none alive, none left to the finalizer.
        Assert.Equal(0, count.Leaked);
    }
}
