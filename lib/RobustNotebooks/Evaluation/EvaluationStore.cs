using System.Text.Json;

namespace RobustNotebooks.Evaluation;

/// <summary>An evaluation's folder on disk: plan.json (the plan and its fingerprint), batches.jsonl (one
/// line per finished batch, flushed as it finishes) and checks.json (the per-model checks). A killed run
/// loses at most the batch it was in; <c>resume</c> reopens the folder, drops a half-written last line,
/// and the evaluator skips every batch already recorded.</summary>
public sealed class EvaluationStore
{
    public const string PlanFile = "plan.json";
    public const string BatchesFile = "batches.jsonl";
    public const string ChecksFile = "checks.json";

    private EvaluationStore(string directory, StoredPlan plan, List<BatchRecord> batches, Dictionary<string, ModelChecks> checks)
    {
        Directory = directory;
        Plan = plan;
        _batches = batches;
        _checks = checks;
    }

    private readonly List<BatchRecord> _batches;
    private readonly Dictionary<string, ModelChecks> _checks;

    public string Directory { get; }
    public StoredPlan Plan { get; }
    public IReadOnlyList<BatchRecord> Batches => _batches;
    public IReadOnlyDictionary<string, ModelChecks> Checks => _checks;

    /// <summary>The plan file's content: the plan, its fingerprint and the shard this folder holds.</summary>
    public sealed record StoredPlan(string Fingerprint, string Shard, PlanInfo Plan, IReadOnlyDictionary<string, string> Versions, DateTimeOffset Started);

    /// <summary>Creates the folder's files, or with <paramref name="resume"/> reopens them (the plan must be
    /// the same). Without resume an existing evaluation is never overwritten.</summary>
    public static EvaluationStore Open(string directory, PlanInfo plan, Shard shard, bool resume, IReadOnlyDictionary<string, string> versions)
    {
        var planPath = Path.Combine(directory, PlanFile);
        var fingerprint = plan.Fingerprint();
        if (File.Exists(planPath))
        {
            if (!resume)
                throw new InvalidOperationException($"{directory} already holds an evaluation; pass resume (--resume) to continue it, or choose another output directory");
            var stored = ReadPlan(directory);
            // Recomputed from the stored plan, not read: how a fingerprint is taken may change between versions.
            if (stored.Plan.Fingerprint() != fingerprint || stored.Shard != shard.ToString())
                throw new InvalidOperationException($"{directory} holds an evaluation with another plan (models, attacks, ε, samples, batch size or shard differ); resume needs the same settings");
            return new EvaluationStore(directory, stored, ReadBatches(directory, rewrite: true), ReadChecks(directory));
        }
        System.IO.Directory.CreateDirectory(directory);
        var created = new StoredPlan(fingerprint, shard.ToString(), plan, versions, DateTimeOffset.UtcNow);
        WriteAtomically(planPath, JsonSerializer.Serialize(created, EvaluationJson.Indented));
        File.WriteAllText(Path.Combine(directory, BatchesFile), "");
        return new EvaluationStore(directory, created, [], []);
    }

    /// <summary>Reads a finished or partial evaluation folder without changing it (for merge).</summary>
    public static EvaluationStore Read(string directory) =>
        new(directory, ReadPlan(directory), ReadBatches(directory, rewrite: false), ReadChecks(directory));

    public static bool Holds(string directory) => File.Exists(Path.Combine(directory, PlanFile));

    public void Append(BatchRecord record)
    {
        var line = JsonSerializer.Serialize(record, EvaluationJson.Options) + "\n";
        using (var stream = new FileStream(Path.Combine(Directory, BatchesFile), FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        _batches.Add(record);
    }

    public void SaveChecks(string model, ModelChecks checks)
    {
        _checks[model] = checks;
        WriteAtomically(Path.Combine(Directory, ChecksFile), JsonSerializer.Serialize(_checks, EvaluationJson.Indented));
    }

    private static StoredPlan ReadPlan(string directory)
    {
        var path = Path.Combine(directory, PlanFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{directory} holds no evaluation: {PlanFile} is missing", path);
        try
        {
            return JsonSerializer.Deserialize<StoredPlan>(File.ReadAllText(path), EvaluationJson.Options)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not an evaluation plan: {e.Message}", e);
        }
    }

    private static Dictionary<string, ModelChecks> ReadChecks(string directory)
    {
        var path = Path.Combine(directory, ChecksFile);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, ModelChecks>>(File.ReadAllText(path), EvaluationJson.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a checks file: {e.Message}", e);
        }
    }

    // Every complete line is a finished batch. Only the last line can be cut short (the process died while
    // appending it); that batch is simply done again. A bad line elsewhere means the file was edited.
    private static List<BatchRecord> ReadBatches(string directory, bool rewrite)
    {
        var path = Path.Combine(directory, BatchesFile);
        if (!File.Exists(path)) return [];
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var records = new List<BatchRecord>();
        var complete = lines.Length - 1; // the last piece is "" after a final newline, or the cut line
        for (int i = 0; i < complete; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<BatchRecord>(lines[i], EvaluationJson.Options)
                    ?? throw new InvalidDataException($"{path}: line {i + 1} is empty"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: line {i + 1} is not a batch record ({e.Message})", e);
            }
        }
        bool truncatedTail = !text.EndsWith('\n') && lines[^1].Length > 0;
        if (rewrite && truncatedTail)
            WriteAtomically(path, string.Concat(lines.Take(complete).Where(l => l.Length > 0).Select(l => l + "\n")));
        return records;
    }

    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
