using RobustNotebooks.Evaluation;
using RobustNotebooks.Tests.Torch;
using static RobustNotebooks.Tests.Evaluation.Plans;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Evaluation;

public class EvaluatorTests : LiveTensorCheck
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-eval-").FullName;

    public override void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        base.Dispose();
    }

    private static bool LowId(double id) => id < 0.5;
    private static bool EvenTenth(double id) => (int)(id * 10) % 2 == 0;

    private static ResultRow Row(EvaluationResults r, string protocol, string attack, double eps) =>
        r.Rows.Single(x => x.Protocol == protocol && x.Attack == attack && x.Eps == eps);

    [Theory]
    [InlineData(CompositionMode.Each)]
    [InlineData(CompositionMode.Cascade)]
    public void WorstCaseIsThePerExampleMinimumAndNeverAboveAnySingleAttack(CompositionMode mode)
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var a = new SelectiveAttack("A", LowId);
        var b = new SelectiveAttack("B", EvenTenth);
        var c = new SelectiveAttack("C", reach: 0.5);
        var results = new Evaluator(Single(model, data, 16, Task("p", 0.2, mode, Planned(a), Planned(b), Planned(c)))).Run(data);

        var clean = SignalData.CleanCorrect(data);
        var worst = Row(results, "p", ResultRow.WorstCase, 0.2);
        var attackRows = new[] { "A", "B", "C" }.Select(n => Row(results, "p", n, 0.2)).ToList();
        foreach (var row in attackRows) Assert.True(worst.Robust <= row.Robust, $"worst case {worst.Robust} above {row.Attack} {row.Robust}");
        // Per example: robust in the worst case exactly when clean-correct and no attack broke it.
        var broken = attackRows.Select(r => Bits.Parse(r.BrokenExamples!, r.Attack)).ToList();
        var expected = clean.Select((ok, i) => ok && !broken.Any(bk => bk[i])).ToArray();
        Assert.Equal(Bits.From(expected), worst.RobustExamples);
        // The three attacks break different samples, so the worst case is strictly below each of them
        // alone; in a cascade the rows fall attack by attack and the last one is the worst case.
        Assert.True(worst.Robust > 0);
        if (mode == CompositionMode.Each) Assert.All(attackRows, r => Assert.True(worst.Robust < r.Robust));
        else
        {
            Assert.True(attackRows[0].Robust > attackRows[1].Robust && attackRows[1].Robust > attackRows[2].Robust);
            Assert.Equal(attackRows[^1].Robust, worst.Robust);
        }
    }

    [Fact]
    public void EpsilonZeroGivesTheCleanAccuracy()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var plan = Single(model, data, 16,
            Task("each", 0, CompositionMode.Each, Planned(new SelectiveAttack("A")), Planned(new SelectiveAttack("R", randomReach: true))),
            Task("cascade", 0, CompositionMode.Cascade, Planned(new SelectiveAttack("A")), Planned(new SelectiveAttack("R", randomReach: true))));
        var results = new Evaluator(plan).Run(data);
        var cleanCount = SignalData.CleanCorrect(data).Count(c => c);
        Assert.True(cleanCount < data.Count && cleanCount > 0);
        Assert.All(results.Rows, r => Assert.Equal(cleanCount, r.Robust));
        Assert.All(results.Rows, r => Assert.Equal(data.Count, r.N));
    }

    [Fact]
    public void AttacksRunOnlyOnThePointsStillStanding()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var clean = SignalData.CleanCorrect(data);
        var a = new SelectiveAttack("A", LowId);
        var b = new SelectiveAttack("B");
        var a2 = new SelectiveAttack("A", LowId);
        var b2 = new SelectiveAttack("B");
        var results = new Evaluator(Single(model, data, 16,
            Task("cascade", 0.3, CompositionMode.Cascade, Planned(a), Planned(b)),
            Task("each", 0.3, CompositionMode.Each, Planned(a2), Planned(b2)))).Run(data);

        var cleanCount = clean.Count(c => c);
        var brokenByA = Bits.Parse(Row(results, "cascade", "A", 0.3).BrokenExamples!, "A").Count(x => x);
        Assert.True(brokenByA > 0);
        Assert.Equal(cleanCount, a.ImagesSeen);
        Assert.Equal(cleanCount - brokenByA, b.ImagesSeen);   // the cascade skips what A broke
        Assert.Equal(cleanCount, a2.ImagesSeen);
        Assert.Equal(cleanCount, b2.ImagesSeen);              // alone, B sees every clean-correct point
        // Model calls: per batch one clean pass; per attack call one re-check of its adversarials plus the
        // attack's own success pass, each over exactly the points the attack was given (3 batches, 4 attacks).
        long attacked = a.ImagesSeen + b.ImagesSeen + a2.ImagesSeen + b2.ImagesSeen;
        var checkImages = 16; // the gradient/determinism checks: one forward with gradient and two without
        Assert.Equal(data.Count + 2 * attacked + 3 * checkImages, model.Images);
    }

    [Fact]
    public void TransferAdversarialsAreCraftedOncePerBatchAndJudgedOnEachModel()
    {
        const double eps = 0.3;
        using var data = SignalData.Create();
        using var substitute = new SignalModel();
        using var first = new SignalModel(scale: 10);
        using var second = new SignalModel(scale: 3);
        var crafter = new SelectiveAttack("T");
        var source = new EvaluatedModel("sub", substitute);
        EvaluationTask Tasks() => Task("p", eps, CompositionMode.Each, new PlannedAttack(crafter, AttackFamily.Transfer) { CraftOn = source });
        var plan = new EvaluationPlan("signal", SampleSelection.First(data.Count),
            [new ModelPlan(new EvaluatedModel("first", first), [Tasks()]), new ModelPlan(new EvaluatedModel("second", second), [Tasks()])], 16, seed: 5);
        var results = new Evaluator(plan).Run(data);

        // Crafted once per batch, on the whole batch, for both models.
        Assert.Equal(3, crafter.Calls);
        Assert.Equal(data.Count, crafter.ImagesSeen);
        // The closed form: T moves the signal by ε toward the other class, so a clean-correct example
        // survives when its signal is at least ε from the threshold.
        var clean = SignalData.CleanCorrect(data);
        float[] s;
        using (NewDisposeScope()) s = data.Images.flatten(1).select(1, 0).data<float>();
        var expected = Enumerable.Range(0, data.Count).Count(i => clean[i] && Math.Abs(s[i] - 0.5) >= eps);
        Assert.InRange(expected, 1, clean.Count(c => c) - 1);
        foreach (var model in new[] { "first", "second" })
            Assert.Equal(expected, results.Rows.Single(r => r.Model == model && r.Attack == "T from sub").Robust);
    }

    [Fact]
    public void AnAttacksOwnSuccessFlagIsNotTrusted()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var results = new Evaluator(Single(model, data, 16, Task("p", 0.3, CompositionMode.Each, Planned(new SelectiveAttack("liar", lie: true))))).Run(data);
        Assert.Equal(SignalData.CleanCorrect(data).Count(c => c), Row(results, "p", "liar", 0.3).Robust);
    }

    [Fact]
    public void AnAdversarialOutsideTheBallIsAnError()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var plan = Single(model, data, 16, Task("p", 0.1, CompositionMode.Each, Planned(new SelectiveAttack("cheat", overshoot: 0.05))));
        var e = Assert.Throws<InvalidOperationException>(() => new Evaluator(plan).Run(data));
        Assert.Contains("cheat", e.Message);
        Assert.Contains("ε-ball", e.Message);
    }

    private static EvaluationPlan RandomPlan(SignalModel model, RobustNotebooks.Data.TensorImageSet data) => Single(model, data, 8,
        Task("p", 0.2, CompositionMode.Cascade, Planned(new SelectiveAttack("R1", randomReach: true)), Planned(new SelectiveAttack("R2", LowId, randomReach: true))),
        Task("p", 0.3, CompositionMode.Each, Planned(new SelectiveAttack("R1", randomReach: true))));

    private static string[] Comparable(EvaluationResults r) => r.Rows.Select(x => (x with { Seconds = 0 }).ToString()).ToArray();

    [Fact]
    public void AResumedRunGivesTheSameResultsAsAnUninterruptedOne()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var straight = new Evaluator(RandomPlan(model, data)).Run(data);

        var dir = Path.Combine(_dir, "killed");
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Done == 2) cancel.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Evaluator(RandomPlan(model, data)) { OutputDirectory = dir, Progress = progress }.Run(data, cancel.Token));
        }
        var lines = File.ReadAllLines(Path.Combine(dir, EvaluationStore.BatchesFile));
        Assert.Equal(2, lines.Length);
        // The process died while appending the third batch: half a line at the end.
        File.AppendAllText(Path.Combine(dir, EvaluationStore.BatchesFile), lines[0][..(lines[0].Length / 2)]);
        Assert.False(File.Exists(Path.Combine(dir, EvaluationResults.CsvFile)));

        var again = Assert.Throws<InvalidOperationException>(() => new Evaluator(RandomPlan(model, data)) { OutputDirectory = dir }.Run(data));
        Assert.Contains("resume", again.Message);
        int batchesRun = 0;
        var resumed = new Evaluator(RandomPlan(model, data))
        {
            OutputDirectory = dir, Resume = true,
            Progress = new SyncProgress(p => batchesRun = (int)p.Total!.Value),
        }.Run(data);
        Assert.Equal(3, batchesRun); // 5 batches, 2 finished before the kill
        Assert.Equal(Comparable(straight), Comparable(resumed));
        Assert.Equal(Comparable(straight), Comparable(EvaluationResults.ReadJson(Path.Combine(dir, EvaluationResults.JsonFile))));

        // A different plan is refused rather than mixed in.
        var other = Single(model, data, 8, Task("p", 0.25, CompositionMode.Each, Planned(new SelectiveAttack("R1", randomReach: true))));
        var e = Assert.Throws<InvalidOperationException>(() => new Evaluator(other) { OutputDirectory = dir, Resume = true }.Run(data));
        Assert.Contains("another plan", e.Message);
    }

    [Fact]
    public void AnEvaluationResumesInACheckoutMovedElsewhereButNotWithOtherWeights()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        EvaluationPlan Located(string source, string sha256) => new("signal", SampleSelection.First(data.Count),
            [new ModelPlan(new EvaluatedModel("signal", model, sha256, source), [Task("p", 0.3, CompositionMode.Each, Planned(new SelectiveAttack("A")))])], 8, seed: 5);
        var dir = Path.Combine(_dir, "moved");
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Done == 2) cancel.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Evaluator(Located("/home/a/robustnb/zoo/fmnist/softmax", "ab12")) { OutputDirectory = dir, Progress = progress }.Run(data, cancel.Token));
        }
        int batchesRun = 0;
        var resumed = new Evaluator(Located("/tmp/clone/zoo/fmnist/softmax", "ab12"))
        {
            OutputDirectory = dir, Resume = true, Progress = new SyncProgress(p => batchesRun = (int)p.Total!.Value),
        }.Run(data);
        Assert.Equal(3, batchesRun);
        Assert.Equal(data.Count, resumed.Rows.First(r => r.Attack == ResultRow.Clean).N);
        var e = Assert.Throws<InvalidOperationException>(() => new Evaluator(Located("/tmp/clone/zoo/fmnist/softmax", "cd34")) { OutputDirectory = dir, Resume = true }.Run(data));
        Assert.Contains("another plan", e.Message);
    }

    [Fact]
    public void AKeptEvaluationIsReadBackWithoutAttackingAndAnotherPlanGetsAFolderOfItsOwn()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var root = Path.Combine(_dir, "results");
        EvaluationPlan Plan(string sha256, params EvaluationTask[] tasks) =>
            new("signal", SampleSelection.First(data.Count), [new ModelPlan(new EvaluatedModel("signal", model, sha256), tasks)], 8, seed: 5);
        EvaluationTask[] RandomTasks(SelectiveAttack first) =>
        [
            Task("p", 0.2, CompositionMode.Cascade, Planned(first), Planned(new SelectiveAttack("R2", LowId, randomReach: true))),
            Task("p", 0.3, CompositionMode.Each, Planned(new SelectiveAttack("R1", randomReach: true))),
        ];
        var plan = Plan("ab12", RandomTasks(new SelectiveAttack("R1", randomReach: true)));
        var first = KeptEvaluations.Evaluator("09-the-audit", plan, root: root).Run(data);
        var folder = KeptEvaluations.For("09-the-audit", plan, root);
        Assert.Equal(Path.Combine(root, KeptEvaluations.Folder, "09-the-audit"), Path.GetDirectoryName(folder));
        Assert.True(File.Exists(Path.Combine(folder, EvaluationResults.JsonFile)));

        // The same plan again: every batch is read back, no attack runs.
        var attack = new SelectiveAttack("R1", randomReach: true);
        var again = Plan("ab12", RandomTasks(attack));
        Assert.Equal(folder, KeptEvaluations.For("09-the-audit", again, root));
        var readBack = KeptEvaluations.Evaluator("09-the-audit", again, root: root).Run(data);
        Assert.Equal(0, attack.Calls);
        Assert.Equal(Comparable(first), Comparable(readBack));

        // Other settings (a budget) or other weights (a SHA-256): another folder, evaluated afresh.
        var otherEps = Plan("ab12", Task("p", 0.25, CompositionMode.Each, Planned(new SelectiveAttack("R1", randomReach: true))));
        var otherWeights = Plan("cd34", RandomTasks(new SelectiveAttack("R1", randomReach: true)));
        var folders = new[] { folder, KeptEvaluations.For("09-the-audit", otherEps, root), KeptEvaluations.For("09-the-audit", otherWeights, root) };
        Assert.Equal(3, folders.Distinct().Count());
        Assert.Equal(0.25, Assert.Single(KeptEvaluations.Evaluator("09-the-audit", otherEps, root: root).Run(data).Rows, r => r.Attack == "R1").Eps);

        // A transfer attack's source model is part of the plan: a retrained substitute gets another folder, and
        // a model whose weights are not named cannot be kept.
        EvaluationPlan Transfer(string? substituteSha) => Plan("ab12", Task("p", 0.3, CompositionMode.Each,
            new PlannedAttack(new SelectiveAttack("T"), AttackFamily.Transfer) { CraftOn = new EvaluatedModel("sub", model, substituteSha) }));
        Assert.NotEqual(KeptEvaluations.For("09-the-audit", Transfer("s1"), root), KeptEvaluations.For("09-the-audit", Transfer("s2"), root));
        var unnamed = Assert.Throws<ArgumentException>(() => KeptEvaluations.For("09-the-audit", Transfer(null), root));
        Assert.Contains("sub", unnamed.Message);
        Assert.Contains("SHA-256", unnamed.Message);
        Assert.Throws<ArgumentException>(() => KeptEvaluations.For("09-the-audit", RandomPlan(model, data), root));
        Assert.Null(KeptEvaluations.Evaluator("09-the-audit", RandomPlan(model, data), keep: false).OutputDirectory);
    }

    [Fact]
    public void MergedShardsEqualTheUnshardedRun()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var straight = new Evaluator(RandomPlan(model, data)).Run(data);
        var root = Path.Combine(_dir, "sharded");
        var partial = new List<EvaluationResults>();
        for (int i = 0; i < 3; i++)
            partial.Add(new Evaluator(RandomPlan(model, data)) { OutputDirectory = root, Shard = new Shard(i, 3) }.Run(data));
        Assert.Equal(data.Count, partial.Sum(p => p.Run.Samples));
        Assert.All(partial, p => Assert.True(p.Run.Samples < data.Count));
        Assert.True(Directory.Exists(Path.Combine(root, "shard-2-of-3")));

        var merged = EvaluationResults.Merge([root]);
        Assert.Equal(Comparable(straight), Comparable(merged));
        Assert.Equal(new[] { "0/3", "1/3", "2/3" }, merged.Run.Shards);

        var missing = Assert.Throws<InvalidDataException>(() => EvaluationResults.Merge([Path.Combine(root, "shard-0-of-3"), Path.Combine(root, "shard-2-of-3")]));
        Assert.Contains("missing", missing.Message);
    }

    [Fact]
    public void ShardsSplitTheBatchesWithoutGapsOrOverlap()
    {
        for (int n = 1; n <= 7; n++)
        {
            var covered = Enumerable.Range(0, n).SelectMany(i => { var (s, e) = new Shard(i, n).Batches(5); return Enumerable.Range(s, e - s); }).ToList();
            Assert.Equal(Enumerable.Range(0, 5), covered);
        }
        Assert.Equal(new Shard(2, 4), Shard.Parse("2/4"));
        Assert.Throws<FormatException>(() => Shard.Parse("4/4"));
        Assert.Throws<FormatException>(() => Shard.Parse("1-4"));
    }

    [Fact]
    public void SampleSelectionsAreTheFirstNOrASeededSubset()
    {
        Assert.Equal(Enumerable.Range(0, 5), SampleSelection.First(100, 5).Indices);
        var a = SampleSelection.Random(100, 10, 7);
        Assert.Equal(a.Indices, SampleSelection.Random(100, 10, 7).Indices);
        Assert.NotEqual(a.Indices, SampleSelection.Random(100, 10, 8).Indices);
        Assert.Equal(a.Indices.Order(), a.Indices);
        Assert.Equal(10, a.Indices.Distinct().Count());
        Assert.Equal(a.Indices, SampleSelection.FromRanges(a.ToRanges(), "x").Indices);
        Assert.Equal("0-4", SampleSelection.First(100, 5).ToRanges());
    }

    [Fact]
    public void ProgressReportsEveryBatchAndAnEstimate()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var reports = new List<ProgressReport>();
        new Evaluator(Single(model, data, 10, Task("p", 0.1, CompositionMode.Each, Planned(new SelectiveAttack("A")))))
        { Progress = new SyncProgress(reports.Add) }.Run(data);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, reports.Select(r => r.Done).Distinct().Where(d => d > 0));
        Assert.All(reports.Where(r => r.Done > 0), r => Assert.NotNull(r.Remaining));
        Assert.Equal(ProgressState.Finished, reports[^1].State);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress(Action<ProgressReport> report) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => report(value);
    }
}
