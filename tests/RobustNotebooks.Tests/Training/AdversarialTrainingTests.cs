using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Training;

public class AdversarialTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-advtrain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Small(string adversarial) => new()
    {
        Dataset = "fmnist", Model = "lenetpp", Epochs = 2, Limit = 192, BatchSize = 64, EmbeddingDim = 16, Seed = 11,
        Adversarial = adversarial, AdvEps = 0.1, AdvSteps = 2,
    };

    private static byte[] Weights(string run) => File.ReadAllBytes(Path.Combine(run, RunCheckpoint.ModelFile));

    [Fact]
    public void FgsmIsOneSignedGradientStepClippedToTheImageRange()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new LeNetPlusPlus(embeddingDim: 16).eval();
        var x = rand(6, 1, 28, 28);
        var y = tensor(new long[] { 0, 1, 2, 3, 4, 5 });
        var ours = new AdversarialTraining { Method = "fgsm", Eps = 0.1 }.Generate(model, x, y, 0.1);
        var xr = x.detach().requires_grad_();
        nn.functional.cross_entropy(model.logits(xr), y).backward();
        var expected = (x + xr.grad!.sign() * 0.1).clamp(0, 1);
        Assert.True(ours.eq(expected).all().ToDouble() == 1);
        Assert.False(ours.requires_grad);
    }

    [Theory]
    [InlineData("pgd")]
    [InlineData("fgsm-rs")]
    [InlineData("trades")]
    public void AdversarialsStayInTheBallRaiseTheLossAndRepeatWhenSeeded(string method)
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = new LeNetPlusPlus(embeddingDim: 16).eval();
        var x = rand(8, 1, 28, 28);
        var y = randint(10, [8]);
        var training = new AdversarialTraining { Method = method, Eps = 0.1 };
        manual_seed(3);
        var a = training.Generate(model, x, y, 0.1);
        manual_seed(3);
        var b = training.Generate(model, x, y, 0.1);
        Assert.True(a.eq(b).all().ToDouble() == 1);
        Assert.True(a.sub(x).abs().max().ToDouble() <= 0.1 + 1e-6);
        Assert.True(a.min().ToDouble() >= 0 && a.max().ToDouble() <= 1);
        using var _ = no_grad();
        var clean = model.logits(x);
        var adv = model.logits(a);
        double gain = method == "trades"
            ? RobustNotebooks.Losses.Trades.Divergence(clean, adv).ToDouble()
            : nn.functional.cross_entropy(adv, y).ToDouble() - nn.functional.cross_entropy(clean, y).ToDouble();
        Assert.True(gain > 0, $"{method} did not raise its loss ({gain})");
    }

    [Fact]
    public void SettingsAreCheckedAndDefaultsFollowThePapers()
    {
        Assert.Equal(0.5, new AdversarialTraining { Method = "fgsm" }.EffectiveCleanWeight);
        Assert.Equal(0.0, new AdversarialTraining { Method = "pgd" }.EffectiveCleanWeight);
        Assert.Equal(0.5, new AdversarialTraining { Method = "pgd", LogitPairing = 0.5 }.EffectiveCleanWeight);
        Assert.Equal(0.125, new AdversarialTraining { Method = "fgsm-rs", Eps = 0.1 }.EffectiveStepSize(0.1), 12);
        Assert.Equal(2.5 * 0.1 / 7, new AdversarialTraining { Method = "pgd" }.EffectiveStepSize(0.1), 12);
        Assert.False(new AdversarialTraining { Method = "fgsm" }.EffectiveRandomStart);
        Assert.Throws<ArgumentException>(() => new AdversarialTraining { Method = "bim" }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Method = "pgd", Eps = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdversarialTraining { Method = "pgd", EpsMin = 0.2, Eps = 0.1 }.Validate());
        Assert.Throws<ArgumentException>(() => new AdversarialTraining { Method = "trades", LogitPairing = 0.5 }.Validate());
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Small("pgd") with { Denoise = "layer9:mean" }, Path.Combine(_dir, "bad"), log: TextWriter.Null));
        Assert.Contains("layer9", e.Message);
    }

    [Fact]
    public void ADenoisingModelStartsFromAPlainModelAsThatModel()
    {
        // Fine-tuning a denoising model from softmax: the plain weights load, the fresh blocks are the
        // identity, so before any step the model answers exactly as the plain one does.
        var plain = Path.Combine(_dir, "plain");
        using (var trainer = new Trainer(Small("none") with { Epochs = 1, Limit = 64 }, plain, log: TextWriter.Null)) trainer.Run();
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = rand(4, 1, 28, 28);
        using var reference = new Trainer(Small("none") with { Epochs = 1, Limit = 64, From = plain }, Path.Combine(_dir, "reference"), log: TextWriter.Null);
        reference.Model.eval();
        using var denoised = new Trainer(Small("pgd") with { Epochs = 1, Limit = 64, From = plain, Denoise = "stage2,stage3:nonlocal-gaussian" },
            Path.Combine(_dir, "denoised"), log: TextWriter.Null);
        denoised.Model.eval();
        using (no_grad()) Assert.True(denoised.Model.logits(x).eq(reference.Model.logits(x)).all().ToDouble() == 1);

        // A file that differs elsewhere (another embedding size) is refused, naming --from.
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(Small("pgd") with { EmbeddingDim = 8, From = plain, Denoise = "stage3:mean" },
            Path.Combine(_dir, "other"), log: TextWriter.Null));
        Assert.Contains("--from", e.Message);
    }

    [Fact]
    public void AResumedAdversarialRunEndsBitIdenticalToAnUninterruptedOne()
    {
        // PGD with a random start, ε drawn per batch, logit pairing and a denoising block: every draw
        // and every setting that could break a resume.
        var config = Small("pgd") with { Limit = 128, AdvEpsMin = 0.05, AlpWeight = 0.5, Denoise = "stage3:nonlocal-gaussian" };
        var straight = Path.Combine(_dir, "straight");
        using (var trainer = new Trainer(config, straight, log: TextWriter.Null)) trainer.Run();
        var interrupted = Path.Combine(_dir, "interrupted");
        using (var trainer = new Trainer(config, interrupted, log: TextWriter.Null))
        {
            using var cancel = new CancellationTokenSource();
            trainer.BatchCompleted += (epoch, batches) => { if (epoch == 1 && batches == 1) cancel.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(cancel.Token));
        }
        using (var resumed = new Trainer(config, interrupted, resume: true, log: TextWriter.Null))
        {
            Assert.Equal(1, resumed.CompletedEpochs);
            resumed.Run();
        }
        Assert.Equal(Weights(straight), Weights(interrupted));
        var info = RunCheckpoint.ReadInfo(interrupted);
        Assert.Equal(config, info.Config);
        Assert.Contains("logit_pairing", info.Metrics[^1].TrainLoss.Keys);
        Assert.Contains("adv/cross_entropy", info.Metrics[^1].TrainLoss.Keys);
    }

    [Theory]
    [InlineData("fgsm", "softmax", "cross_entropy")]
    [InlineData("fgsm-rs", "softmax", "adv/cross_entropy")]
    [InlineData("trades", "softmax", "trades_kl")]
    [InlineData("pgd", "pcl", "adv/penultimate/proximity")]
    public void EveryMethodTrainsAnyLoss(string method, string loss, string expectedTerm)
    {
        var config = Small(method) with
        {
            Epochs = 1, Loss = loss, ClipGradNorm = loss == "pcl" ? 5 : 0,
            // The PCL paper's "Ours + AdvTrain": clean and adversarial halves, PGD without random start.
            AdvCleanWeight = loss == "pcl" ? 0.5 : null, AdvRandomStart = loss == "pcl" ? false : null,
        };
        using var trainer = new Trainer(config, Path.Combine(_dir, method + loss), log: TextWriter.Null);
        var metrics = trainer.Run()[^1];
        Assert.Contains(expectedTerm, metrics.TrainLoss.Keys);
        Assert.All(metrics.TrainLoss.Values, v => Assert.True(double.IsFinite(v)));
        bool mixed = method is "fgsm" or "trades" || loss == "pcl";
        Assert.Equal(mixed ? 384 : 192, metrics.TrainSamples);
    }
}
