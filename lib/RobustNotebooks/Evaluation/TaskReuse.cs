namespace RobustNotebooks.Evaluation;

/// <summary>The finished tasks of other evaluation folders, found by <see cref="TaskIdentity.Key"/>: what a
/// run may read instead of attacking again. Only models whose weights, and every transfer source's, are named by
/// SHA-256 give tasks (an in-memory model's name says nothing about its weights). A plan from before tasks named
/// their seeds (<see cref="PlanInfo.Seeding"/> null) gives only the tasks of models its checks found
/// deterministic: the attacks always seeded their own draws, so only a randomised model's draws depended on the
/// position in the plan. A task is taken only where the batch's clean predictions in its folder equal this
/// run's: the same weights on the same images predict the same, so a folder whose weights differ from its
/// record cannot slip its numbers in.</summary>
public sealed class TaskReuse
{
    private readonly Dictionary<string, (string Clean, TaskRecord Task)> _tasks = [];

    /// <summary>The reusable tasks of <paramref name="folders"/> (evaluation folders; others are skipped). A
    /// task's <see cref="TaskRecord.ReadFrom"/> names the folder by its last two parts (lesson/plan).</summary>
    public static TaskReuse Read(IEnumerable<string> folders)
    {
        var reuse = new TaskReuse();
        foreach (var folder in folders.Where(EvaluationStore.Holds))
        {
            var store = EvaluationStore.Read(folder);
            var plan = store.Plan.Plan;
            var seededByTask = plan.Seeding == TaskIdentity.Seeding;
            var label = string.Join('/', Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar)[^2..]);
            var samples = plan.Samples();
            var models = plan.Models.ToDictionary(m => m.Name);
            foreach (var batch in store.Batches)
            {
                if (!models.TryGetValue(batch.Model, out var model) || model.Sha256 is null) continue;
                if (!seededByTask && !(store.Checks.TryGetValue(model.Name, out var checks) && checks.MaxLogitChange == 0)) continue;
                var indices = samples.Batch(batch.Batch, plan.BatchSize);
                for (int ti = 0; ti < batch.Tasks.Count && ti < model.Tasks.Count; ti++)
                {
                    var task = model.Tasks[ti];
                    if (task.Attacks.Any(a => a.CraftOn is not null && a.CraftOnSha256 is null)) continue;
                    var key = TaskIdentity.Key(model, indices, plan.Seed, task);
                    reuse._tasks.TryAdd(key, (batch.Clean, batch.Tasks[ti] with { ReadFrom = batch.Tasks[ti].ReadFrom ?? label }));
                }
            }
        }
        return reuse;
    }

    /// <summary>The finished task named <paramref name="key"/> when its batch's clean predictions are
    /// <paramref name="clean"/>; else null.</summary>
    public TaskRecord? Find(string key, string clean) =>
        _tasks.TryGetValue(key, out var found) && found.Clean == clean ? found.Task : null;
}
