using RobustNotebooks.Evaluation;
using RobustNotebooks.Tests.Cli;
using RobustNotebooks.Training;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>The eval verbs end to end on a tiny trained LeNet++ (the real paper-protocol attacks).</summary>
public class EvalCommandTests : IClassFixture<EvalCommandTests.TinyRun>
{
    public sealed class TinyRun : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("robustnb-evalcli-").FullName;
        public string Run => Path.Combine(Root, "tiny");

        public TinyRun()
        {
            var config = new TrainConfig { Dataset = "fmnist", Model = "lenetpp", Epochs = 1, Limit = 128, BatchSize = 32, EmbeddingDim = 8, Seed = 2 };
            using var trainer = new Trainer(config, Run, log: TextWriter.Null);
            trainer.Run();
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private readonly TinyRun _run;

    public EvalCommandTests(TinyRun run) => _run = run;

    private string[] Args(string output, params string[] more) =>
        ["eval", "--model", _run.Run, "--dataset", "fmnist", "--attacks", "fgsm,pgd", "--eps", "0.1,8/255", "--limit", "12", "--batch-size", "4",
         "--large-eps", "0", "--out", output, .. more];

    [Fact]
    public void EvalWritesTheTableAndShardsMergeToTheSameNumbers()
    {
        var whole = Path.Combine(_run.Root, "whole");
        var run = CapturedRun.Of(Args(whole));
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("FGSM", run.Out);
        Assert.Contains("PGD-20", run.Out);
        Assert.Contains("8/255", run.Out);
        var results = EvaluationResults.ReadJson(Path.Combine(whole, EvaluationResults.JsonFile));
        Assert.Equal(new[] { "clean", "FGSM", "PGD-10", "PGD-20", "worst case", "FGSM", "PGD-10", "PGD-20", "worst case" }, results.Rows.Select(r => r.Attack));
        Assert.All(results.Rows, r => Assert.Equal(12, r.N));
        Assert.Equal(64, results.Plan.Models[0].Sha256!.Length);

        var sharded = Path.Combine(_run.Root, "sharded");
        for (int i = 0; i < 3; i++)
        {
            var part = CapturedRun.Of(Args(sharded, "--shard", $"{i}/3"));
            Assert.True(part.Exit == 0, part.ToString());
        }
        var merge = CapturedRun.Of("eval", "merge", sharded);
        Assert.True(merge.Exit == 0, merge.ToString());
        var merged = EvaluationResults.ReadJson(Path.Combine(sharded, EvaluationResults.JsonFile));
        Assert.Equal(results.Rows.Select(r => r with { Seconds = 0 }), merged.Rows.Select(r => r with { Seconds = 0 }));
    }

    [Fact]
    public void WithThePaperAttacksEpsZeroIsCleanAndTheWorstCaseIsBelowEveryAttack()
    {
        using var model = RunModel.Load(_run.Run, 10, 1, 28);
        using var test = RobustNotebooks.Data.TensorImageSet.From(RobustNotebooks.Data.Datasets.LoadOrPrepare("fashion-mnist", RobustNotebooks.Data.DataSplit.Test, TextWriter.Null));
        var plan = new EvaluationPlan("Fashion-MNIST", SampleSelection.First(test.Count, 16),
            [new ModelPlan(new EvaluatedModel("tiny", model.Model), [PaperProtocol.Task(0, 1), PaperProtocol.Task(0.1, 1)])], batchSize: 8);
        var results = new Evaluator(plan).Run(test);
        var clean = results.Rows.Single(r => r.Attack == ResultRow.Clean);
        Assert.InRange(clean.Robust, 1, 15);
        Assert.All(results.Rows.Where(r => r.Eps == 0), r => Assert.Equal(clean.RobustExamples, r.RobustExamples));
        var atEps = results.Rows.Where(r => r.Eps == 0.1).ToList();
        var worst = atEps.Single(r => r.Attack == ResultRow.WorstCase);
        Assert.All(atEps, r => Assert.True(worst.Robust <= r.Robust, $"worst case {worst.Robust} above {r.Attack} {r.Robust}"));
        Assert.True(worst.Robust < clean.Robust);
    }

    [Fact]
    public void BothProtocolsRunSideBySide()
    {
        var output = Path.Combine(_run.Root, "both");
        var run = CapturedRun.Of("eval", "--model", _run.Run, "--protocol", "paper,strong", "--attacks", "pgd,apgd-ce", "--eps", "0.2",
            "--limit", "8", "--large-eps", "0", "--out", output);
        Assert.True(run.Exit == 0, run.ToString());
        var results = EvaluationResults.ReadJson(Path.Combine(output, EvaluationResults.JsonFile));
        var strong = results.Rows.Where(r => r.Protocol == Protocols.Strong).Select(r => r.Attack).ToList();
        Assert.Equal(new[] { "clean", "APGD-CE", "APGD-CEx2", "worst case" }, strong);
        Assert.All(results.Rows.Where(r => r.Protocol == Protocols.Strong && r.IsAttack), r => Assert.Equal(CompositionMode.Cascade, r.Mode));
        var apgd = results.Plan.Models[0].Tasks.Single(t => t.Protocol == Protocols.Strong).Attacks[0];
        Assert.Equal("100", apgd.Settings["iterations"]);
        // The strong protocol's worst case is never above the paper's on the same points.
        var worst = results.Rows.Where(r => r.Attack == ResultRow.WorstCase).ToDictionary(r => r.Protocol);
        Assert.True(worst[Protocols.Strong].Robust <= worst[Protocols.Paper].Robust, run.Out);
    }

    [Fact]
    public void DefensesWrapEveryModelAndTheStrongProtocolAttacksThemThroughBpda()
    {
        // The paper protocol attacks a defense as the official code would, by plain backpropagation.
        var output = Path.Combine(_run.Root, "defended");
        var run = CapturedRun.Of("eval", "--model", _run.Run, "--defense", "none", "--defense", "bits:2", "--protocol", "strong", "--attacks", "apgd-ce", "--eps", "0.2",
            "--limit", "8", "--large-eps", "0", "--out", output);
        Assert.True(run.Exit == 0, run.ToString());
        var results = EvaluationResults.ReadJson(Path.Combine(output, EvaluationResults.JsonFile));
        Assert.Equal(new[] { "tiny", "tiny[bits:2]" }, results.Plan.Models.Select(m => m.Name));
        var gradients = results.Plan.Models.Select(m => m.Tasks.Single().Attacks[0].Settings["gradient"]).ToList();
        Assert.Equal(new[] { "backprop", "bpda" }, gradients);
        Assert.Contains("tiny[bits:2]", run.Out);
    }

    [Theory]
    [InlineData("--defense", "jpeg:0", "--defense")]
    [InlineData("--defense", "blur:3", "--defense")]
    [InlineData("--eps", "-0.1", "--eps")]
    [InlineData("--eps", "8/0", "--eps")]
    [InlineData("--shard", "3/3", "--shard")]
    [InlineData("--attacks", "cw2", "cw2")]
    public void BadOptionsGiveAUsageErrorNamingThem(string option, string value, string named)
    {
        var run = CapturedRun.Of(Args(Path.Combine(_run.Root, "bad-" + Guid.NewGuid().ToString("N")), option, value));
        Assert.NotEqual(0, run.Exit);
        Assert.Contains(named, run.Err);
    }

    [Fact]
    public void AFolderThatIsNoRunIsAClearError()
    {
        var run = CapturedRun.Of("eval", "--model", _run.Root, "--dataset", "fmnist", "--limit", "4", "--out", Path.Combine(_run.Root, "none"));
        Assert.Equal(1, run.Exit);
        Assert.Contains("not a training run directory", run.Err);
    }
}
