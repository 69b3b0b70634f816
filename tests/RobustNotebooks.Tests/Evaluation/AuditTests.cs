using RobustNotebooks.Evaluation;
using static RobustNotebooks.Tests.Evaluation.Plans;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>Each flag raised by an evaluation built to raise it, and silent on its twin built not to.
/// The signal model is linear in its signal pixel, so an attack moving it by r·ε breaks exactly the
/// samples within r·ε of the boundary: the reach decides which attack is stronger.</summary>
public class AuditTests
{
    private static IReadOnlyList<AuditFlag> Flags(SignalModel model, params EvaluationTask[] tasks)
    {
        using var data = SignalData.Create();
        return new Evaluator(Single(model, data, 20, tasks)).Run(data).Flags;
    }

    private static IReadOnlyList<AuditFlag> Flags(params EvaluationTask[] tasks)
    {
        using var model = new SignalModel();
        return Flags(model, tasks);
    }

    private static SelectiveAttack Reach(string name, double reach) => new(name, reach: reach);

    private static AuditFlag Raised(IReadOnlyList<AuditFlag> flags, string kind)
    {
        var flag = Assert.Single(flags, f => f.Kind == kind);
        Assert.NotEmpty(flag.Evidence);
        // Evidence is numbers a reader can check: none may be NaN or infinite (JSON has no such numbers).
        Assert.All(flag.Evidence, e => Assert.True(double.IsFinite(e.Value), $"{flag.Kind} evidence {e.Key} = {e.Value}"));
        return flag;
    }

    private static void Silent(IReadOnlyList<AuditFlag> flags, string kind) => Assert.DoesNotContain(flags, f => f.Kind == kind);

    [Fact]
    public void IterativeWeakerThanSingleStep()
    {
        var raised = Raised(Flags(Task("paper", 0.2, CompositionMode.Each,
            Planned(Reach("FGSM", 1), AttackFamily.SingleStep), Planned(Reach("PGD-10", 0.3)))), AuditKinds.IterativeWeakerThanSingleStep);
        Assert.True(raised.Evidence["accuracy PGD-10"] > raised.Evidence["accuracy FGSM"]);
        Silent(Flags(Task("paper", 0.2, CompositionMode.Each,
            Planned(Reach("FGSM", 0.5), AttackFamily.SingleStep), Planned(Reach("PGD-10", 1)))), AuditKinds.IterativeWeakerThanSingleStep);
    }

    [Theory]
    [InlineData(CompositionMode.Each)]
    [InlineData(CompositionMode.Cascade)]
    public void BlackBoxStrongerThanWhiteBox(CompositionMode mode)
    {
        var raised = Raised(Flags(Task("strong", 0.2, mode,
            Planned(Reach("APGD-CE", 0.3)), Planned(Reach("Square", 1), AttackFamily.GradientFree))), AuditKinds.BlackBoxStrongerThanWhiteBox);
        Assert.True(raised.Evidence["extra_broken"] > 0);
        Silent(Flags(Task("strong", 0.2, mode,
            Planned(Reach("APGD-CE", 1)), Planned(Reach("Square", 0.5), AttackFamily.GradientFree))), AuditKinds.BlackBoxStrongerThanWhiteBox);
    }

    [Fact]
    public void NotZeroAtALargeEps()
    {
        var raised = Raised(Flags(Task("strong", 0.5, CompositionMode.Cascade, Planned(Reach("PGD", 0.05)))), AuditKinds.NotZeroAtLargeEps);
        Assert.True(raised.Evidence["accuracy"] > 0.05);
        // Every signal lies within 0.5 of the boundary: a full-reach attack leaves nothing at ε = 0.5 ...
        Silent(Flags(Task("strong", 0.5, CompositionMode.Cascade, Planned(Reach("PGD", 1)))), AuditKinds.NotZeroAtLargeEps);
        // ... and a weak attack at a small ε is no evidence either way.
        Silent(Flags(Task("strong", 0.1, CompositionMode.Cascade, Planned(Reach("PGD", 0.05)))), AuditKinds.NotZeroAtLargeEps);
    }

    [Theory]
    [InlineData(CompositionMode.Each)]
    [InlineData(CompositionMode.Cascade)]
    public void NotConverged(CompositionMode mode)
    {
        var raised = Raised(Flags(Task("paper", 0.2, mode, Planned(Reach("PGD-10", 0.3)), Planned(Reach("PGD-100", 1), variantOf: "PGD-10"))),
            AuditKinds.NotConverged);
        Assert.True(raised.Evidence["after"] < raised.Evidence["before"] - 0.01);
        Silent(Flags(Task("paper", 0.2, mode, Planned(Reach("PGD-10", 1)), Planned(Reach("PGD-100", 1), variantOf: "PGD-10"))), AuditKinds.NotConverged);
    }

    [Fact]
    public void LargeGapBetweenPaperAndStrongProtocols()
    {
        var raised = Raised(Flags(
            Task(Protocols.Paper, 0.2, CompositionMode.Each, Planned(Reach("PGD-10", 0.2))),
            Task(Protocols.Strong, 0.2, CompositionMode.Cascade, Planned(Reach("APGD-CE", 1)))), AuditKinds.PaperStrongGap);
        Assert.True(raised.Evidence["paper"] - raised.Evidence["strong"] > 0.05);
        Silent(Flags(
            Task(Protocols.Paper, 0.2, CompositionMode.Each, Planned(Reach("PGD-10", 1))),
            Task(Protocols.Strong, 0.2, CompositionMode.Cascade, Planned(Reach("APGD-CE", 1)))), AuditKinds.PaperStrongGap);
    }

    [Fact]
    public void AModelThatRoundsItsInputHasZeroGradients()
    {
        using var rounding = new SignalModel(round: true);
        var raised = Raised(Flags(rounding, Task("p", 0.1, CompositionMode.Each, Planned(Reach("PGD", 1)))), AuditKinds.ZeroOrNonFiniteGradients);
        Assert.Equal(20, raised.Evidence["zero_margin"]);
        Assert.Equal(20, raised.Evidence["zero_ce"]);
        Assert.Contains("BPDA", raised.Message);
        Silent(Flags(Task("p", 0.1, CompositionMode.Each, Planned(Reach("PGD", 1)))), AuditKinds.ZeroOrNonFiniteGradients);
    }

    [Fact]
    public void ASaturatedSoftmaxHasZeroCrossEntropyGradientsButAMarginGradient()
    {
        using var saturated = new SignalModel(scale: 1e4);
        var raised = Raised(Flags(saturated, Task("p", 0.1, CompositionMode.Each, Planned(Reach("PGD", 1)))), AuditKinds.ZeroOrNonFiniteGradients);
        Assert.True(raised.Evidence["zero_ce"] > 0);
        Assert.Equal(0, raised.Evidence["zero_margin"]);
        Assert.Contains("DLR", raised.Message);
    }

    [Fact]
    public void ARandomisedModel()
    {
        using var noisy = new SignalModel(noise: 0.1);
        Raised(Flags(noisy, Task("p", 0.1, CompositionMode.Each, Planned(Reach("PGD", 1)))), AuditKinds.RandomizedOutput);
        Silent(Flags(Task("p", 0.1, CompositionMode.Each, Planned(Reach("PGD", 1)))), AuditKinds.RandomizedOutput);
    }
}

/// <summary>A defended model that rounds its input: plain PGD sees a zero gradient and leaves every point
/// standing, the audit says so, and PGD through BPDA (the gradient the protocols pick for it) breaks it.</summary>
public class RoundingDefenseTests
{
    /// <summary>Rounding to {0, 1} inside the graph: the gradient exists and is zero everywhere.</summary>
    private sealed class Rounding : RobustNotebooks.Models.IInputTransform
    {
        public string Name => "round";
        public bool IsRandomized => false;
        public bool IsDifferentiable => false;
        public RobustNotebooks.Torch.Tensor Apply(RobustNotebooks.Torch.Tensor images) => images.round();
    }

    [Fact]
    public void PlainPgdIsFlaggedAndBpdaBreaksTheDefense()
    {
        using var data = SignalData.Create();
        using var inner = new SignalModel();
        using var defended = new RobustNotebooks.Models.TransformedClassifier(inner, new Rounding());
        var plain = new RobustNotebooks.Attacks.ProjectedGradientDescent("PGD plain") { RandomStart = false };
        var bpda = new RobustNotebooks.Attacks.ProjectedGradientDescent("PGD BPDA") { RandomStart = false, Gradient = Protocols.GradientFor(defended) };
        Assert.IsType<RobustNotebooks.Attacks.StraightThrough>(Protocols.GradientFor(defended));
        var results = new Evaluator(Single(defended, data, 20, Task("p", 0.3, CompositionMode.Each,
            Planned(plain), Planned(bpda)))).Run(data);

        var flag = Assert.Single(results.Flags, f => f.Kind == AuditKinds.ZeroOrNonFiniteGradients);
        Assert.Equal(20, flag.Evidence["zero_margin"]);
        var clean = results.Rows.Single(r => r.Attack == ResultRow.Clean).Robust;
        Assert.Equal(clean, results.Rows.Single(r => r.Attack == "PGD plain").Robust);
        Assert.True(results.Rows.Single(r => r.Attack == "PGD BPDA").Robust < clean / 2,
            $"BPDA left {results.Rows.Single(r => r.Attack == "PGD BPDA").Robust} of {clean} standing");
    }

    [Fact]
    public void ADetachedPreprocessingCountsAsZeroGradientsInTheModelChecks()
    {
        using var data = SignalData.Create();
        using var inner = new SignalModel();
        using var defended = new RobustNotebooks.Models.TransformedClassifier(inner, new RobustNotebooks.Defenses.BitDepthReduction(1));
        using var scope = RobustNotebooks.Torch.torch.NewDisposeScope();
        var checks = ModelChecks.Run(defended, data.Images, data.Labels);
        Assert.Equal(data.Count, checks.ZeroMarginGradients);
        Assert.Equal(data.Count, checks.ZeroCeGradients);
    }

    [Fact]
    public void RandomisedTransformsGetEotAroundBpda()
    {
        using var inner = new SignalModel();
        using var defended = new RobustNotebooks.Models.TransformedClassifier(inner, new Noisy());
        var gradient = Assert.IsType<RobustNotebooks.Attacks.ExpectationOverTransformation>(Protocols.GradientFor(defended));
        Assert.IsType<RobustNotebooks.Attacks.StraightThrough>(gradient.Inner);
        Assert.Equal(20, gradient.Samples);
        Assert.Same(RobustNotebooks.Attacks.GradientEstimator.Backprop, Protocols.GradientFor(inner));
    }

    private sealed class Noisy : RobustNotebooks.Models.IInputTransform
    {
        public string Name => "noisy";
        public bool IsRandomized => true;
        public bool IsDifferentiable => false;
        public RobustNotebooks.Torch.Tensor Apply(RobustNotebooks.Torch.Tensor images) => images.round();
    }
}
