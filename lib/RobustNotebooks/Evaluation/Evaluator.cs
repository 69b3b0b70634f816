using System.Diagnostics;
using System.Globalization;
using RobustNotebooks.Attacks;
using RobustNotebooks.Data;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Evaluation;

/// <summary>Runs an <see cref="EvaluationPlan"/> batch by batch. Per batch and model: the clean
/// prediction, then each task's attacks, each run only on the points it must see (clean-correct ones
/// alone, or the ones every earlier attack left standing in a cascade), every adversarial re-checked on
/// the evaluated model and bounds-checked. With an output folder every finished batch is written at
/// once, so a killed run resumes where it stopped, and a shard computes exactly the batches the
/// unsharded run would. Seeds name the task, not its position (<see cref="TaskIdentity"/>), so a task
/// another evaluation has finished can be read from it (<see cref="ReuseFrom"/>) rather than run again.</summary>
public sealed class Evaluator
{
    public Evaluator(EvaluationPlan plan) => Plan = plan ?? throw new ArgumentNullException(nameof(plan));

    public EvaluationPlan Plan { get; }

    /// <summary>Where plan.json, batches.jsonl, checks.json and the results go (a shard's into its
    /// shard-i-of-n subfolder); null keeps everything in memory.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Continue the evaluation in <see cref="OutputDirectory"/>, skipping its finished batches.</summary>
    public bool Resume { get; init; }

    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Other evaluation folders whose finished tasks this run reads instead of computing them, where
    /// the task, the model's weights, the batch and the seed are the same (<see cref="TaskReuse"/>); a read task
    /// records where it came from.</summary>
    public IReadOnlyList<string> ReuseFrom { get; init; } = [];

    /// <summary>Where the run reports progress: one task over this run's batches (a shard's, less what a
    /// resume skipped), the model and attack running as detail, a report at every finished batch and
    /// change of stage; null: the ambient sink (<see cref="AmbientProgress"/>), else none.</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    public AuditThresholds Thresholds { get; init; } = new();

    /// <summary>The folder this run writes (with the shard's subfolder), or null.</summary>
    public string? RunDirectory => OutputDirectory is null ? null : Shard.IsWhole ? OutputDirectory : Path.Combine(OutputDirectory, Shard.FolderName);

    /// <param name="data">the test set the plan's sample indices point into, on the models' device</param>
    public EvaluationResults Run(TensorImageSet data, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var samples = Plan.Samples;
        var outside = samples.Indices.FirstOrDefault(i => i >= data.Count, -1);
        if (outside >= 0) throw new ArgumentException($"sample index {outside} is outside the {data.Count} images of {data.Name}", nameof(data));
        if (Resume && OutputDirectory is null) throw new ArgumentException("resume needs an output directory");
        var info = Plan.Info();
        var versions = Training.Trainer.Versions();
        var store = RunDirectory is { } dir ? EvaluationStore.Open(dir, info, Shard, Resume, versions) : null;
        var records = new List<BatchRecord>(store?.Batches ?? []);
        var checks = new Dictionary<string, ModelChecks>(store?.Checks ?? new Dictionary<string, ModelChecks>());
        var done = records.Select(r => (r.Model, r.Batch)).ToHashSet();
        var (first, end) = Shard.Batches(Plan.BatchCount);
        var work = Plan.Models.SelectMany((m, mi) => Enumerable.Range(first, end - first).Select(b => (Model: m, Index: mi, Batch: b)))
            .Where(w => !done.Contains((w.Model.Model.Name, w.Batch))).ToList();
        var clock = Stopwatch.StartNew();
        var previous = records.Sum(r => r.Seconds);
        int finished = 0;
        using var progress = new ProgressTracker($"eval on {Plan.Dataset}", work.Count, "batches", AmbientProgress.Choose(Progress));
        using var transfers = new TransferCache();
        var reuse = TaskReuse.Read(ReuseFrom.Where(d => RunDirectory is null || Path.GetFullPath(d) != Path.GetFullPath(RunDirectory)));

        foreach (var m in Plan.Models.Where(m => !checks.ContainsKey(m.Model.Name)))
        {
            cancellation.ThrowIfCancellationRequested();
            Report(progress, m.Model.Name, "checking input gradients and determinism");
            var c = WithBatch(data, 0, (x, y) => ModelChecks.Run(m.Model.Model, x, y));
            checks[m.Model.Name] = c;
            store?.SaveChecks(m.Model.Name, c);
        }

        foreach (var w in work)
        {
            cancellation.ThrowIfCancellationRequested();
            var record = RunBatch(w.Model, info.Models[w.Index], w.Batch, data, transfers, reuse, progress, clock, cancellation);
            store?.Append(record);
            records.Add(record);
            finished++;
            progress.Update(finished, () => $"{w.Model.Model.Name}: batch {w.Batch + 1}/{Plan.BatchCount} done", force: true);
        }
        progress.Finish($"{Plan.Models.Count} model(s), {Plan.Samples.Count} images");
        var results = EvaluationResults.Build(info, records, checks, [Shard.ToString()], previous + clock.Elapsed.TotalSeconds, versions, Thresholds);
        if (RunDirectory is { } output) results.Write(output);
        return results;
    }

    private T WithBatch<T>(TensorImageSet data, int batch, Func<Tensor, Tensor, T> use)
    {
        using var scope = NewDisposeScope();
        var indices = Plan.Samples.Batch(batch, Plan.BatchSize);
        var index = tensor(Array.ConvertAll(indices, i => (long)i), [indices.Length], data.Device);
        return use(data.Images.index_select(0, index), data.Labels.index_select(0, index));
    }

    private BatchRecord RunBatch(ModelPlan plan, ModelInfo info, int batch, TensorImageSet data, TransferCache transfers,
        TaskReuse reuse, ProgressTracker progress, Stopwatch clock, CancellationToken cancellation)
    {
        var model = plan.Model.Model;
        var started = clock.Elapsed;
        var indices = Plan.Samples.Batch(batch, Plan.BatchSize);
        return WithBatch(data, batch, (x, y) =>
        {
            manual_seed(TaskIdentity.CleanSeed(info, indices, Plan.Seed));
            var clean = Correct(model, x, y);
            var cleanBits = Bits.From(clean);
            var tasks = new List<TaskRecord>();
            for (int ti = 0; ti < plan.Tasks.Count; ti++)
            {
                var task = plan.Tasks[ti];
                var key = TaskIdentity.Key(info, indices, Plan.Seed, info.Tasks[ti]);
                if (reuse.Find(key, cleanBits) is { } finished)
                {
                    Report(progress, plan.Model.Name, $"batch {batch + 1}/{Plan.BatchCount}, {task.Protocol} ε={Eps(task.Eps)}: read from {finished.ReadFrom}");
                    tasks.Add(finished);
                    continue;
                }
                var standing = (bool[])clean.Clone();
                var attacks = new List<AttackRecord>();
                for (int ai = 0; ai < task.Attacks.Count; ai++)
                {
                    var attack = task.Attacks[ai];
                    var runOn = task.Mode == CompositionMode.Cascade ? (bool[])standing.Clone() : clean;
                    var broken = new bool[clean.Length];
                    var watch = Stopwatch.StartNew();
                    var chosen = Enumerable.Range(0, runOn.Length).Where(i => runOn[i]).ToArray();
                    if (chosen.Length > 0)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        Report(progress, plan.Model.Name, $"batch {batch + 1}/{Plan.BatchCount}, {task.Protocol} ε={Eps(task.Eps)}: {attack.Name} on {chosen.Length} point(s)");
                        var still = Attack(attack, model, x, y, chosen, task.Eps, batch, TaskIdentity.AttackSeed(key, ai), transfers, cancellation);
                        for (int j = 0; j < chosen.Length; j++)
                            if (!still[j]) { broken[chosen[j]] = true; standing[chosen[j]] = false; }
                    }
                    attacks.Add(new AttackRecord(attack.Name, Bits.From(runOn), Bits.From(broken), watch.Elapsed.TotalSeconds));
                }
                tasks.Add(new TaskRecord(task.Protocol, task.Eps, attacks));
            }
            return new BatchRecord(plan.Model.Name, batch, cleanBits, tasks, (clock.Elapsed - started).TotalSeconds);
        });
    }

    // Runs one attack on the chosen points; returns, per chosen point, whether the evaluated model still
    // classifies its adversarial correctly (the attack's own success flag is not trusted). A transfer attack's
    // adversarials come out of the batch crafted once on the other model for all evaluated models (TransferCache).
    // The attack seeds its own draws and restores the generator; the seed set here is what a randomised model
    // draws from in the re-check.
    private bool[] Attack(PlannedAttack planned, FeatureClassifier model, Tensor x, Tensor y, int[] chosen, double eps, int batch, long seed,
        TransferCache transfers, CancellationToken cancellation)
    {
        using var scope = NewDisposeScope();
        var index = tensor(Array.ConvertAll(chosen, i => (long)i), [chosen.Length], x.device);
        var xs = x.index_select(0, index);
        var ys = y.index_select(0, index);
        AttackResult? result = null;
        try
        {
            Tensor adversarials;
            manual_seed(seed);
            if (planned.CraftOn is null)
            {
                result = planned.Attack.Run(model, xs, ys, eps, cancellation);
                adversarials = result.Adversarials;
            }
            else adversarials = transfers.Get(planned, batch, x, y, eps, cancellation).index_select(0, index);
            CheckBounds(planned, xs, adversarials, eps);
            return Correct(model, adversarials, ys);
        }
        finally
        {
            result?.Dispose();
        }
    }

    private static bool[] Correct(FeatureClassifier model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wasTraining = model.training;
        model.eval();
        try
        {
            var logits = model.logits(x);
            return Array.ConvertAll(logits.argmax(1).eq(y).to(ScalarType.Int64, Device.CPU).data<long>(), v => v != 0);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    // An adversarial outside the box or the budget would count a success the threat model forbids.
    private static void CheckBounds(PlannedAttack planned, Tensor images, Tensor adversarials, double eps)
    {
        if (!adversarials.shape.SequenceEqual(images.shape))
            throw new InvalidOperationException($"attack {planned.Name} returned adversarials of shape [{string.Join(", ", adversarials.shape)}] for images of shape [{string.Join(", ", images.shape)}]");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var lo = adversarials.min().ToDouble();
        var hi = adversarials.max().ToDouble();
        if (!(lo >= -1e-6 && hi <= 1 + 1e-6))
            throw new InvalidOperationException($"attack {planned.Name} returned adversarials outside [0, 1] (values in [{lo}, {hi}])");
        var delta = (adversarials - images).flatten(1);
        var linf = planned.Attack.Norm == AttackNorm.Linf;
        var size = (linf ? delta.abs().amax(1) : delta.norm(2, 1)).max().ToDouble();
        if (size > eps * (1 + 1e-6) + 1e-6)
            throw new InvalidOperationException($"attack {planned.Name} left its ε-ball: ‖δ‖{(linf ? "∞" : "₂")} = {size} > ε = {eps}");
    }

    // A stage lasts seconds to minutes (one attack on a batch), so every change is shown: a throttled one
    // could leave the display naming the previous attack for the whole of the next.
    private static void Report(ProgressTracker progress, string model, string stage) =>
        progress.Update(progress.Done, () => $"{model}: {stage}", force: true);

    private static string Eps(double eps) => eps.ToString("0.######", CultureInfo.InvariantCulture);
}
