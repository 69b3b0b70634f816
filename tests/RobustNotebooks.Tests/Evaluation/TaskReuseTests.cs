using System.Text.Json.Nodes;
using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Models;
using RobustNotebooks.Tests.Torch;
using static RobustNotebooks.Tests.Evaluation.Plans;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>Seeds that name the task, and finished tasks read from other evaluations. The evaluator seeds a
/// randomised model's draws (the clean pass and the re-check of the adversarials); the attack here draws each
/// example's reach from its own seed. Equal bits mean equal random streams, and a task read from elsewhere must
/// give exactly the bits the run would compute itself.</summary>
public class TaskReuseTests : LiveTensorCheck
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-reuse-").FullName;

    public override void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        base.Dispose();
    }

    private static EvaluationTask Random(double eps, string name = "R") =>
        Task("p", eps, CompositionMode.Cascade, Planned(new SelectiveAttack(name, randomReach: true)));

    private static string Broken(EvaluationResults r, string model, double eps, string attack = "R") =>
        r.Rows.Single(x => x.Model == model && x.Attack == attack && x.Eps == eps).BrokenExamples!;

    private static EvaluationPlan Plan(TensorImageSet data, params ModelPlan[] models) =>
        new("signal", SampleSelection.First(data.Count), models, 16, seed: 5);

    [Fact]
    public void ARandomisedModelDrawsTheSameWhereverItsTaskSitsInThePlan()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel(noise: 3);
        var first = new EvaluatedModel("first", model, "sha-a");
        var second = new EvaluatedModel("second", model, "sha-b");
        // The task at ε 0.3 is the second model's second task here, its only task alone.
        EvaluationTask Fixed(double eps) => Task("p", eps, CompositionMode.Cascade, Planned(new SelectiveAttack("F")));
        var both = new Evaluator(Plan(data, new ModelPlan(first, [Fixed(0.3)]), new ModelPlan(second, [Fixed(0.2), Fixed(0.3)]))).Run(data);
        var alone = new Evaluator(Plan(data, new ModelPlan(second, [Fixed(0.3)]))).Run(data);

        string Clean(EvaluationResults r, string m) => r.Rows.First(x => x.Model == m && x.Attack == ResultRow.Clean).RobustExamples;
        Assert.Equal(Clean(both, "second"), Clean(alone, "second"));
        Assert.Equal(Broken(both, "second", 0.3, "F"), Broken(alone, "second", 0.3, "F"));
        // Not one seed for all: the same model under another name draws other noise.
        Assert.NotEqual(Clean(both, "first"), Clean(both, "second"));
    }

    [Fact]
    public void AFinishedTaskIsReadFromAnotherEvaluationAndGivesTheBitsTheRunWouldCompute()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var m = new EvaluatedModel("m", model, "sha-m");
        var donor = Path.Combine(_dir, "lesson-a", "plan");
        var finished = new Evaluator(Plan(data, new ModelPlan(new EvaluatedModel("other", model, "sha-o"), [Random(0.3)]), new ModelPlan(m, [Random(0.3)])))
            { OutputDirectory = donor }.Run(data);

        var read = new SelectiveAttack("R", randomReach: true);
        var fresh = new SelectiveAttack("S", randomReach: true);
        var plan = Plan(data, new ModelPlan(m,
            [Task("p", 0.3, CompositionMode.Cascade, Planned(read)), Task("p", 0.2, CompositionMode.Cascade, Planned(fresh))]));
        var output = Path.Combine(_dir, "lesson-b", "plan");
        var results = new Evaluator(plan) { OutputDirectory = output, ReuseFrom = [donor] }.Run(data);

        Assert.Equal(0, read.Calls);                                   // the finished task was read
        Assert.Equal(3, fresh.Calls);                                  // the new one ran, once per batch
        Assert.Equal(Broken(finished, "m", 0.3), Broken(results, "m", 0.3));
        var computed = new Evaluator(plan).Run(data);                 // and what it read is what it would compute
        Assert.Equal(Broken(computed, "m", 0.3), Broken(results, "m", 0.3));
        Assert.Equal(Broken(computed, "m", 0.2, "S"), Broken(results, "m", 0.2, "S"));

        var tasks = File.ReadAllLines(Path.Combine(output, EvaluationStore.BatchesFile))
            .SelectMany(l => JsonNode.Parse(l)!["tasks"]!.AsArray()).ToList();
        Assert.Equal(["lesson-a/plan", "lesson-a/plan", "lesson-a/plan"], tasks.Where(t => (double)t!["eps"]! == 0.3).Select(t => (string?)t!["read_from"]));
        Assert.All(tasks.Where(t => (double)t!["eps"]! == 0.2), t => Assert.Null(t!["read_from"]));
    }

    [Fact]
    public void NothingIsReadForOtherWeightsAnUnnamedModelOrAPlanSeededByPosition()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        using var inverted = new SignalModel(scale: -10);   // predicts the other class: other clean predictions
        var donor = Path.Combine(_dir, "a", "named");
        new Evaluator(Plan(data, new ModelPlan(new EvaluatedModel("m", model, "sha-m"), [Random(0.3)]))) { OutputDirectory = donor }.Run(data);
        var unnamed = Path.Combine(_dir, "a", "unnamed");
        new Evaluator(Plan(data, new ModelPlan(new EvaluatedModel("m", model), [Random(0.3)]))) { OutputDirectory = unnamed }.Run(data);

        int CallsFor(EvaluatedModel evaluated, params string[] from)
        {
            var attack = new SelectiveAttack("R", randomReach: true);
            new Evaluator(Plan(data, new ModelPlan(evaluated, [Task("p", 0.3, CompositionMode.Cascade, Planned(attack))]))) { ReuseFrom = from }.Run(data);
            return attack.Calls;
        }
        Assert.Equal(0, CallsFor(new EvaluatedModel("m", model, "sha-m"), donor));
        // A record claiming the same weights whose clean predictions differ is not believed.
        Assert.Equal(3, CallsFor(new EvaluatedModel("m", inverted, "sha-m"), donor));
        // Without a SHA-256 a name says nothing about the weights: neither read from nor read.
        Assert.Equal(3, CallsFor(new EvaluatedModel("m", model), unnamed));
        Assert.Equal(3, CallsFor(new EvaluatedModel("m", model, "sha-m"), unnamed));

        // A plan from before seeds named the task seeded a randomised model by position: its tasks of such a
        // model are not read, those of a model its checks found deterministic are.
        using var noisy = new SignalModel(noise: 3);
        var randomised = Path.Combine(_dir, "a", "randomised");
        new Evaluator(Plan(data, new ModelPlan(new EvaluatedModel("n", noisy, "sha-n"), [Random(0.3)]))) { OutputDirectory = randomised }.Run(data);
        Assert.Equal(0, CallsFor(new EvaluatedModel("n", noisy, "sha-n"), randomised));
        foreach (var folder in new[] { donor, randomised })
        {
            var planFile = Path.Combine(folder, EvaluationStore.PlanFile);
            var stored = JsonNode.Parse(File.ReadAllText(planFile))!;
            Assert.Equal(TaskIdentity.Seeding, (string?)stored["plan"]!["seeding"]);
            stored["plan"]!.AsObject().Remove("seeding");
            File.WriteAllText(planFile, stored.ToJsonString());
        }
        Assert.Equal(0, CallsFor(new EvaluatedModel("m", model, "sha-m"), donor));
        Assert.Equal(3, CallsFor(new EvaluatedModel("n", noisy, "sha-n"), randomised));
    }

    [Fact]
    public void ALessonReadsWhatAnyEvaluationUnderTheResultsHolds()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var m = new EvaluatedModel("m", model, "sha-m");
        var root = Path.Combine(_dir, "results");
        // The first shard of a two-shard `robustnb eval` at ε 0.3, and another lesson's kept evaluation at ε 0.2.
        var shard = new Shard(0, 2);
        new Evaluator(Plan(data, new ModelPlan(m, [Random(0.3)]))) { OutputDirectory = Path.Combine(root, "table"), Shard = shard }.Run(data);
        KeptEvaluations.Evaluator("04-a-lesson", Plan(data, new ModelPlan(m, [Random(0.2)])), root: root).Run(data);

        var at3 = new SelectiveAttack("R", randomReach: true);
        var at2 = new SelectiveAttack("R", randomReach: true);
        var plan = Plan(data, new ModelPlan(m, [Task("p", 0.3, CompositionMode.Cascade, Planned(at3)), Task("p", 0.2, CompositionMode.Cascade, Planned(at2))]));
        var results = KeptEvaluations.Evaluator("09-another-lesson", plan, root: root).Run(data);

        var (first, end) = shard.Batches(3);
        Assert.Equal(3 - (end - first), at3.Calls);   // only the batches the shard did not hold
        Assert.Equal(0, at2.Calls);
        Assert.Equal(end - first + 3, results.Run.TasksRead);
        var lesson = Path.GetFileName(KeptEvaluations.For("04-a-lesson", Plan(data, new ModelPlan(m, [Random(0.2)])), root));
        Assert.Equal(["04-a-lesson/" + lesson, "table/shard-0-of-2"], results.Run.ReadFrom);
        Assert.Contains("s of attacks read from 04-a-lesson/", results.Run.Timing);
    }

    [Fact]
    public void TheDefenseInFrontOfTheWeightsIsPartOfThePlan()
    {
        using var model = new SignalModel();
        using var three = new TransformedClassifier(model, new BitDepthReduction(3));
        using var four = new TransformedClassifier(model, new BitDepthReduction(4));
        PlanInfo Info(FeatureClassifier m) => new EvaluationPlan("signal", SampleSelection.First(40),
            [new ModelPlan(new EvaluatedModel("defended", m, "sha-m"), [Random(0.3)])]).Info();

        Assert.Null(Info(model).Models[0].Defense);
        Assert.Equal("bits:3", Info(three).Models[0].Defense);
        Assert.NotEqual(Info(three).Fingerprint(), Info(four).Fingerprint());
        Assert.NotEqual(Info(model).Fingerprint(), Info(three).Fingerprint());
    }
}
