using RobustNotebooks.Attacks;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Tests.Attacks;
using RobustNotebooks.Tests.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>What each protocol runs, in which order and with which settings: the paper protocol as the
/// official code and the author's description, the strong one as AutoAttack plus the attacks a model calls for.</summary>
public class ProtocolContentsTests : LiveTensorCheck
{
    [Fact]
    public void ThePaperProtocolRunsTheOfficialAttacksAndTheAuthorsCarliniWagner()
    {
        var model = Tiny();
        using var _ = model.Model;
        var byDefault = Assert.Single(Protocols.Tasks(Protocols.Paper, model, [0.3], seed: 4));
        Assert.Equal(CompositionMode.Each, byDefault.Mode);
        Assert.Equal(["FGSM", "BIM-10", "MIM-10", "PGD-10", "PGD-20"], byDefault.Attacks.Select(a => a.Name));
        // C&W costs about fifty times BIM-10: it runs when asked for
        var task = Assert.Single(Protocols.Tasks(Protocols.Paper, model, [0.3], seed: 4, ["fgsm", "cw"]));
        Assert.Equal(["FGSM", "CW-L2-capped"], task.Attacks.Select(a => a.Name));
        var cw = Assert.IsType<CarliniWagnerL2>(task.Attacks[^1].Attack);
        Assert.True(cw.LinfCap, "the author capped every pixel at ε");
        Assert.True(cw.StopAtFirstSuccess, "robust accuracy needs a success, not the closest one");
        Assert.Equal((1, 1000, 0.01, 0.1, 0.0), (cw.BinarySearchSteps, cw.Iterations, cw.LearningRate, cw.InitialConst, cw.Confidence));
        Assert.Equal(AttackNorm.Linf, cw.Norm);
    }

    [Fact]
    public void TheStrongProtocolAddsThePrototypeAttacksOnlyForPclModelsAndRunsSquareAfterTheGradientAttacks()
    {
        var model = Tiny();
        var plain = Assert.Single(Protocols.Tasks(Protocols.Strong, model, [0.1], seed: 4));
        using var pcl = new OfficialPcl([new PclLayer("pooled")], new Dictionary<string, long> { ["pooled"] = 4 }, 10);
        var withPcl = Assert.Single(Protocols.Tasks(Protocols.Strong, model with { Pcl = pcl }, [0.1], seed: 4));
        using var _ = model.Model;

        Assert.Equal(CompositionMode.Cascade, plain.Mode);
        Assert.Equal(["APGD-CE", "APGD-T9", "Square-5000", "APGD-CEx2"], plain.Attacks.Select(a => a.Name));
        Assert.Equal(["APGD-CE", "APGD-T9", "APGD-PROTOTYPE", "APGD-DLR+PROTOTYPE", "Square-5000", "APGD-CEx2"], withPcl.Attacks.Select(a => a.Name));
        Assert.Equal(AttackFamily.GradientFree, withPcl.Attacks.Single(a => a.Attack is Square).Family);
        Assert.All(withPcl.Attacks.Where(a => a.Name.Contains("PROTOTYPE")), a =>
        {
            Assert.Equal(AttackFamily.Adaptive, a.Family);
            Assert.Same(pcl, Assert.IsType<Apgd>(a.Attack).Loss switch
            {
                PrototypeLoss p => p.Pcl,
                WeightedSumLoss w => w.Terms.Select(t => t.loss).OfType<PrototypeLoss>().Single().Pcl,
                var other => throw new Xunit.Sdk.XunitException($"unexpected loss {other.Name}"),
            });
        });
        // --attacks adaptive keeps only those two; a model without PCL then has nothing to run
        Assert.Equal(2, Protocols.Tasks(Protocols.Strong, model with { Pcl = pcl }, [0.1], 4, ["adaptive"]).Single().Attacks.Count);
        Assert.Empty(Protocols.Tasks(Protocols.Strong, model, [0.1], 4, ["adaptive"]).Single().Attacks);
    }

    [Fact]
    public void ASmallerStrongBudgetReachesEveryApgdAndSquareAndItsNamesSaySo()
    {
        var model = Tiny();
        using var _ = model.Model;
        using var pcl = new OfficialPcl([new PclLayer("pooled")], new Dictionary<string, long> { ["pooled"] = 4 }, 10);
        var task = StrongProtocol.Task(model with { Pcl = pcl }, 0.1, seed: 4, budget: new StrongBudget(Iterations: 25, Targets: 3, SquareQueries: 500));
        Assert.Equal(["APGD-CE", "APGD-T3", "APGD-PROTOTYPE", "APGD-DLR+PROTOTYPE", "Square-500", "APGD-CEx2"], task.Attacks.Select(a => a.Name));
        Assert.All(task.Attacks.Select(a => a.Attack).OfType<Apgd>(), a => Assert.Equal(25, a.Iterations));
        Assert.Equal(25, task.Attacks.Select(a => a.Attack).OfType<ApgdTargeted>().Single().Iterations);
        var square = task.Attacks.Select(a => a.Attack).OfType<Square>().Single();
        Assert.True(square.RescaleSchedule, "AutoAttack's square sizes are set for 10,000 queries: a smaller budget scales them");
        Assert.False(StrongProtocol.Task(model, 0.1, seed: 4).Attacks.Select(a => a.Attack).OfType<Square>().Single().RescaleSchedule);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => StrongProtocol.Task(model, 0.1, 4, budget: new StrongBudget(Targets: 0)));
        Assert.Equal("Targets", bad.ParamName);
    }

    [Fact]
    public void CarliniWagnerStopsForwardingExamplesThatAborted()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, labels) = SmallCnn.Fixed(seed: 73, n: 16);
        using var _ = cnn;
        using var model = new CountingClassifier(cnn);
        const int iterations = 400;
        using (var result = new CarliniWagnerL2 { BinarySearchSteps = 1, Iterations = iterations, InitialConst = 1 }.Run(model, images, labels, 10.0))
            Assert.True(result.Success.sum().ToInt64() > 0, "the test needs some successes");
        long n = images.size(0);
        Assert.True(model.Rows < n * iterations * 3 / 4, $"C&W forwarded {model.Rows} rows for {n} examples over {iterations} iterations");
    }

    [Fact]
    public void CarliniWagnerStoppingAtTheFirstSuccessFindsTheSameSuccessesForLess()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, labels) = SmallCnn.Fixed(seed: 79, n: 24);
        using var _ = cnn;
        using var full = new CountingClassifier(cnn);
        using var stopping = new CountingClassifier(cnn);
        CarliniWagnerL2 Attack(bool stop) => new() { LinfCap = true, BinarySearchSteps = 1, Iterations = 200, InitialConst = 1, StopAtFirstSuccess = stop };
        using var all = Attack(false).Run(full, images, labels, 0.3);
        using var first = Attack(true).Run(stopping, images, labels, 0.3);
        var successes = all.Success.sum().ToInt64();
        Assert.True(successes > 0 && successes < images.size(0), $"the test needs some but not all examples broken ({successes})");
        Assert.Equal(all.Success.data<bool>(), first.Success.data<bool>());
        Assert.True(stopping.Rows < full.Rows * 3 / 4, $"stopping at the first success forwarded {stopping.Rows} rows, running on {full.Rows}");
        Assert.True((first.Adversarials - images).abs().max().ToDouble() <= 0.3 + 1e-6);
    }

    private static EvaluatedModel Tiny()
    {
        var (cnn, images, labels) = SmallCnn.Fixed(n: 2);
        images.Dispose();
        labels.Dispose();
        return new EvaluatedModel("tiny", cnn);
    }
}
