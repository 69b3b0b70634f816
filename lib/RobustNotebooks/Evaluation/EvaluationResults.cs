using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Evaluation;

/// <summary>The outcome of an evaluation: one row per model, protocol, attack and ε, the model checks,
/// the audit's flags, and the provenance (plan with every attack's settings and seed, samples, weights
/// hashes, versions, times). Always computed from the batch records, so a single run, a resumed run and
/// merged shards go through the same arithmetic.</summary>
public sealed partial class EvaluationResults
{
    public const string CsvFile = "results.csv";
    public const string JsonFile = "results.json";

    public EvaluationResults(PlanInfo plan, IReadOnlyList<ResultRow> rows, IReadOnlyDictionary<string, ModelChecks> checks,
        IReadOnlyList<AuditFlag> flags, Provenance provenance)
    {
        Plan = plan;
        Rows = rows;
        Checks = checks;
        Flags = flags;
        Run = provenance;
    }

    public PlanInfo Plan { get; }
    public IReadOnlyList<ResultRow> Rows { get; }
    public IReadOnlyDictionary<string, ModelChecks> Checks { get; }
    public IReadOnlyList<AuditFlag> Flags { get; }
    public Provenance Run { get; }

    /// <param name="Shards">the shards these results cover ("0/1" for a whole run)</param>
    /// <param name="SampleRanges">the samples covered, in <see cref="SampleSelection.ToRanges"/> form</param>
    /// <param name="ElapsedSeconds">wall time of the run (of the longest shard after a merge)</param>
    /// <param name="ReadFrom">the folders tasks were read from instead of computed (<see cref="TaskReuse"/>)</param>
    /// <param name="TasksRead">how many tasks (one model, protocol and ε on one batch) were read</param>
    /// <param name="SecondsRead">the attack time those tasks took in the runs that computed them</param>
    public sealed record Provenance(IReadOnlyList<string> Shards, string SampleRanges, int Samples, double ElapsedSeconds,
        IReadOnlyDictionary<string, string> Versions, DateTimeOffset Finished,
        IReadOnlyList<string>? ReadFrom = null, int TasksRead = 0, double SecondsRead = 0)
    {
        /// <summary>The run's time, and the attack time it read from other evaluations, e.g. "41 s (and 7,012 s
        /// of attacks read from fmnist-defenses/shard-0-of-4, …)".</summary>
        public string Timing => ElapsedSeconds.ToString("N0", CultureInfo.InvariantCulture) + " s" + (TasksRead == 0 ? "" :
            $" (and {SecondsRead.ToString("N0", CultureInfo.InvariantCulture)} s of attacks read from {string.Join(", ", ReadFrom ?? [])})");
    }

    /// <summary>Aggregates batch records into rows. Records of batches outside the plan, or disagreeing
    /// duplicates, are errors; batches not (yet) recorded are simply not covered.</summary>
    public static EvaluationResults Build(PlanInfo plan, IEnumerable<BatchRecord> records, IReadOnlyDictionary<string, ModelChecks> checks,
        IReadOnlyList<string> shards, double elapsedSeconds, IReadOnlyDictionary<string, string> versions, AuditThresholds? thresholds = null)
    {
        var samples = plan.Samples();
        var byModel = records.GroupBy(r => r.Model).ToDictionary(g => g.Key, g => g.ToList());
        var unknown = byModel.Keys.FirstOrDefault(m => plan.Models.All(p => p.Name != m));
        if (unknown is not null) throw new InvalidDataException($"batch records name model '{unknown}', which the plan does not have");
        var rows = new List<ResultRow>();
        var covered = new SortedSet<int>();
        foreach (var model in plan.Models)
        {
            var batches = new SortedDictionary<int, BatchRecord>();
            foreach (var r in byModel.GetValueOrDefault(model.Name) ?? [])
            {
                if (r.Batch < 0 || r.Batch >= plan.BatchCount)
                    throw new InvalidDataException($"model {model.Name}: batch {r.Batch} is outside the plan's {plan.BatchCount} batches");
                if (batches.TryGetValue(r.Batch, out var seen))
                {
                    if (JsonSerializer.Serialize(seen with { Seconds = 0 }, EvaluationJson.Options) != JsonSerializer.Serialize(r with { Seconds = 0 }, EvaluationJson.Options))
                        throw new InvalidDataException($"model {model.Name}: batch {r.Batch} was recorded twice with different results");
                    continue;
                }
                if (r.Clean.Length != samples.Batch(r.Batch, plan.BatchSize).Length)
                    throw new InvalidDataException($"model {model.Name}: batch {r.Batch} holds {r.Clean.Length} samples, the plan {samples.Batch(r.Batch, plan.BatchSize).Length}");
                batches[r.Batch] = r;
            }
            if (batches.Count == 0) continue;
            foreach (var b in batches.Keys) covered.UnionWith(samples.Batch(b, plan.BatchSize));
            rows.AddRange(ModelRows(model, batches.Values.ToList()));
        }
        var coveredSelection = covered.Count == 0 ? null : SampleSelection.Of(covered.ToList(), "covered");
        var read = records.SelectMany(r => r.Tasks).Where(t => t.ReadFrom is not null).ToList();
        var provenance = new Provenance(shards, coveredSelection?.ToRanges() ?? "", covered.Count, elapsedSeconds, versions, DateTimeOffset.UtcNow,
            read.Select(t => t.ReadFrom!).Distinct().Order(StringComparer.Ordinal).ToList(), read.Count, read.Sum(t => t.Attacks.Sum(a => a.Seconds)));
        var relevantChecks = checks.Where(c => rows.Any(r => r.Model == c.Key)).ToDictionary(c => c.Key, c => c.Value);
        return new EvaluationResults(plan, rows, relevantChecks, Audit.Check(rows, relevantChecks, thresholds), provenance);
    }

    private static IEnumerable<ResultRow> ModelRows(ModelInfo model, List<BatchRecord> batches)
    {
        var clean = Concat(batches.Select(b => b.Clean), $"{model.Name} clean");
        int n = clean.Length;
        var cleanBits = Bits.From(clean);
        // One clean row per protocol, so each protocol's table stands alone; the audit's runs are no protocol.
        foreach (var protocol in model.Tasks.Select(t => t.Protocol).Where(p => p != Protocols.Audit).Distinct())
            yield return new ResultRow(model.Name, protocol, ResultRow.Clean, 0, n, clean.Count(c => c), 0, null, null, null, null, cleanBits, null);
        for (int ti = 0; ti < model.Tasks.Count; ti++)
        {
            var task = model.Tasks[ti];
            var records = batches.Select(b => b.Tasks.Count > ti && b.Tasks[ti].Protocol == task.Protocol && b.Tasks[ti].Eps == task.Eps
                ? b.Tasks[ti] : throw new InvalidDataException($"model {model.Name}: batch {b.Batch} has no record of the {task.Protocol} task at ε={task.Eps}")).ToList();
            var standing = (bool[])clean.Clone();
            var worst = (bool[])clean.Clone();
            for (int ai = 0; ai < task.Attacks.Count; ai++)
            {
                var attack = task.Attacks[ai];
                var parts = records.Select(r => r.Attacks.Count > ai && r.Attacks[ai].Name == attack.Name ? r.Attacks[ai]
                    : throw new InvalidDataException($"model {model.Name}: a batch has no record of {attack.Name} in the {task.Protocol} task at ε={task.Eps}")).ToList();
                var broken = Concat(parts.Select(p => p.Broken), $"{model.Name} {attack.Name}");
                var robust = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    broken[i] &= clean[i];
                    worst[i] &= !broken[i];
                    standing[i] &= !broken[i];
                    robust[i] = task.Mode == CompositionMode.Cascade ? standing[i] : clean[i] && !broken[i];
                }
                yield return new ResultRow(model.Name, task.Protocol, attack.Name, task.Eps, n, robust.Count(r => r), parts.Sum(p => p.Seconds),
                    task.Mode, attack.Family, attack.VariantOf, attack.CraftOn, Bits.From(robust), Bits.From(broken));
            }
            yield return new ResultRow(model.Name, task.Protocol, ResultRow.WorstCase, task.Eps, n, worst.Count(w => w), 0,
                task.Mode, null, null, null, Bits.From(worst), null);
        }
    }

    private static bool[] Concat(IEnumerable<string> parts, string what) => parts.SelectMany(p => Bits.Parse(p, what)).ToArray();

    // ---- tables and files ----

    /// <summary>The rows as a DataFrame, rounded to readable precision (accuracy and ε to 6 decimals,
    /// seconds to milliseconds): the values results.csv holds. The fractional columns are decimal
    /// because DataFrame writes a double with 17 digits (0.1 as 0.10000000000000001).</summary>
    public DataFrame ToDataFrame()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("model", Rows.Select(r => r.Model)),
            new StringDataFrameColumn("dataset", Rows.Select(_ => Plan.Dataset)),
            new StringDataFrameColumn("protocol", Rows.Select(r => r.Protocol)),
            new StringDataFrameColumn("attack", Rows.Select(r => r.Attack)),
            new DecimalDataFrameColumn("eps", Rows.Select(r => Readable(r.Eps, 6))),
            new Int32DataFrameColumn("n", Rows.Select(r => r.N)),
            new Int32DataFrameColumn("robust", Rows.Select(r => r.Robust)),
            new DecimalDataFrameColumn("accuracy", Rows.Select(r => Readable(r.Accuracy, 6))),
            new DecimalDataFrameColumn("seconds", Rows.Select(r => Readable(r.Seconds, 3))),
            new StringDataFrameColumn("mode", Rows.Select(r => r.Mode?.ToString().ToLowerInvariant() ?? "")),
            new StringDataFrameColumn("family", Rows.Select(r => r.Family is { } f ? f.Name() : "")));
        return frame;
    }

    private static decimal Readable(double value, int decimals) => Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    private static readonly (string Name, Type Type)[] CsvColumns =
    [
        ("model", typeof(string)), ("dataset", typeof(string)), ("protocol", typeof(string)), ("attack", typeof(string)),
        ("eps", typeof(decimal)), ("n", typeof(int)), ("robust", typeof(int)), ("accuracy", typeof(decimal)),
        ("seconds", typeof(decimal)), ("mode", typeof(string)), ("family", typeof(string)),
    ];

    /// <summary>Writes results.csv and results.json into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var csv = new MemoryStream())
        {
            DataFrame.SaveCsv(ToDataFrame(), csv, ',', header: true, encoding: new UTF8Encoding(false), cultureInfo: CultureInfo.InvariantCulture);
            EvaluationStore.WriteAtomically(Path.Combine(directory, CsvFile), Encoding.UTF8.GetString(csv.ToArray()));
        }
        EvaluationStore.WriteAtomically(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(ToFile(), EvaluationJson.Indented));
    }

    /// <summary>Reads a results.csv with its column types, in the invariant culture.</summary>
    public static DataFrame ReadCsv(string path)
    {
        using var stream = File.OpenRead(path);
        return DataFrame.LoadCsv(stream, ',', header: true, columnNames: CsvColumns.Select(c => c.Name).ToArray(),
            dataTypes: CsvColumns.Select(c => c.Type).ToArray(), encoding: Encoding.UTF8, cultureInfo: CultureInfo.InvariantCulture);
    }

    public static EvaluationResults ReadJson(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<ResultsFile>(File.ReadAllText(path), EvaluationJson.Options)
                ?? throw new InvalidDataException($"{path} is empty");
            if (file.Format != Format) throw new InvalidDataException($"{path}: format '{file.Format}', expected '{Format}'");
            return new EvaluationResults(file.Plan, file.Rows, file.Checks, file.Flags, file.Provenance);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a results file: {e.Message}", e);
        }
    }

    private const string Format = "robustnb-evaluation/1";

    private sealed record ResultsFile(string Format, PlanInfo Plan, IReadOnlyList<ResultRow> Rows, IReadOnlyDictionary<string, ModelChecks> Checks,
        IReadOnlyList<AuditFlag> Flags, Provenance Provenance);

    private ResultsFile ToFile() => new(Format, Plan, Rows, Checks, Flags, Run);

    // ---- merge ----

    /// <summary>Joins the shard folders of one evaluation (each argument a shard folder, or a folder whose
    /// shard-i-of-n subfolders are). Their plans must be the same; every batch must be covered once.</summary>
    public static EvaluationResults Merge(IEnumerable<string> directories, AuditThresholds? thresholds = null)
    {
        var stores = new List<EvaluationStore>();
        foreach (var dir in directories)
        {
            if (EvaluationStore.Holds(dir)) { stores.Add(EvaluationStore.Read(dir)); continue; }
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir} does not exist");
            var shards = Directory.GetDirectories(dir, "shard-*-of-*").Where(EvaluationStore.Holds).Order(StringComparer.Ordinal).ToList();
            if (shards.Count == 0) throw new FileNotFoundException($"{dir} holds no evaluation ({EvaluationStore.PlanFile}) and no shard-i-of-n folders with one");
            stores.AddRange(shards.Select(EvaluationStore.Read));
        }
        if (stores.Count == 0) throw new ArgumentException("merge needs at least one evaluation folder", nameof(directories));
        var first = stores[0].Plan;
        var fingerprint = first.Plan.Fingerprint();
        foreach (var s in stores.Skip(1))
            if (s.Plan.Plan.Fingerprint() != fingerprint)
                throw new InvalidDataException($"{s.Directory} evaluated another plan than {stores[0].Directory} (models, attacks, ε, samples or batch size differ); only shards of one evaluation merge");
        var dupShard = stores.GroupBy(s => s.Plan.Shard).FirstOrDefault(g => g.Count() > 1);
        if (dupShard is not null) throw new InvalidDataException($"shard {dupShard.Key} is given twice: {string.Join(", ", dupShard.Select(s => s.Directory))}");
        var checks = new Dictionary<string, ModelChecks>();
        foreach (var s in stores) foreach (var (m, c) in s.Checks) checks.TryAdd(m, c);
        var elapsed = stores.Select(s => s.Batches.Sum(b => b.Seconds)).DefaultIfEmpty(0).Max();
        var results = Build(first.Plan, stores.SelectMany(s => s.Batches), checks, stores.Select(s => s.Plan.Shard).ToList(), elapsed, first.Versions, thresholds);
        var missing = first.Plan.SampleCount * first.Plan.Models.Count - results.Rows.Where(r => r.Attack == ResultRow.Clean).DistinctBy(r => r.Model).Sum(r => r.N);
        if (missing > 0)
            throw new InvalidDataException($"the shards cover {results.Run.Samples} of {first.Plan.SampleCount} samples for every model; missing batches (unfinished or absent shards): run them (--resume) before merging");
        return results;
    }
}
