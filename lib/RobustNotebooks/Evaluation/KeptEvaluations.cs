using RobustNotebooks.Data;

namespace RobustNotebooks.Evaluation;

/// <summary>Where a lesson keeps the evaluations of its full mode: <c>results/lessons/LESSON/PLAN</c> in the
/// repository, PLAN being the first 12 hex digits of the plan's fingerprint. A full mode at AutoAttack's budget
/// is hours on a CPU; evaluated there with resume, an interrupted run continues at its first unfinished batch,
/// a finished one is read back in seconds, and a plan with other settings or other weights gets a folder of
/// its own (never another plan's numbers). Delete the folder to compute it again.</summary>
public static class KeptEvaluations
{
    public const string Folder = "lessons";

    /// <summary>The folder kept for <paramref name="plan"/> under the lesson's. Every model of the plan, and every
    /// model a transfer attack is crafted on, must name its weights by SHA-256: that is how other weights get
    /// another folder.</summary>
    /// <param name="root">the results folder; null: the repository's <c>results/</c></param>
    public static string For(string lesson, EvaluationPlan plan, string? root = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lesson);
        ArgumentNullException.ThrowIfNull(plan);
        var unnamed = plan.Models.Select(m => m.Model)
            .Concat(plan.Models.SelectMany(m => m.Tasks).SelectMany(t => t.Attacks).Select(a => a.CraftOn).OfType<EvaluatedModel>())
            .FirstOrDefault(m => string.IsNullOrEmpty(m.Sha256));
        if (unnamed is not null)
            throw new ArgumentException($"cannot keep the evaluation of {lesson}: model {unnamed.Name} has no SHA-256 of its weights, so other weights would read its numbers back", nameof(plan));
        root ??= Path.Combine(DataRoot.FindRepositoryRoot()
            ?? throw new InvalidOperationException($"cannot keep the evaluation of {lesson}: no repository above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}"), "results");
        return Path.Combine(root, Folder, lesson, plan.Info().Fingerprint()[..12]);
    }

    /// <summary>An evaluator that writes to, and resumes from, the folder kept for the plan, and reads every task
    /// that an evaluation folder of the results already holds (<see cref="TaskReuse"/>: the same model, weights,
    /// batch, seed and attacks), so a lesson that attacks what the defense table or another lesson attacked reads
    /// those hours instead of spending them again; with <paramref name="keep"/> false (a lesson's quick mode) one
    /// that keeps and reads nothing.</summary>
    public static Evaluator Evaluator(string lesson, EvaluationPlan plan, bool keep = true, string? root = null)
    {
        if (!keep) return new(plan);
        var folder = For(lesson, plan, root);
        var results = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(folder)))!;
        var others = Directory.Exists(results)
            ? Directory.EnumerateDirectories(results, "*", SearchOption.AllDirectories)
                .Where(d => Path.GetFullPath(d) != Path.GetFullPath(folder)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new(plan) { OutputDirectory = folder, Resume = true, ReuseFrom = others };
    }
}
