using Microsoft.Data.Analysis;

namespace RobustNotebooks.Evaluation;

// The results read as a table: what a lesson, the README and the report show.
public sealed partial class EvaluationResults
{
    public const string GapColumn = "gap (points)";

    /// <summary>Robust accuracy as a fraction under one attack (or <see cref="ResultRow.Clean"/>, or
    /// <see cref="ResultRow.WorstCase"/>) at one ε; null where these results hold no such row.</summary>
    public double? Accuracy(string model, string protocol, string attack, double eps) =>
        Rows.FirstOrDefault(r => r.Model == model && r.Protocol == protocol && r.Attack == attack
                                 && (attack == ResultRow.Clean || r.Eps == eps))?.Accuracy;

    /// <summary>The attacks of a protocol in the order they ran, over every model (a PCL model's prototype
    /// attacks among them, at their place in the cascade).</summary>
    public IReadOnlyList<string> Attacks(string protocol)
    {
        var ordered = new List<string>();
        foreach (var model in Rows.Select(r => r.Model).Distinct())
        {
            var attacks = Rows.Where(r => r.Model == model && r.Protocol == protocol && r.IsAttack).Select(r => r.Attack).Distinct().ToList();
            for (int i = 0; i < attacks.Count; i++)
                if (!ordered.Contains(attacks[i]))
                {
                    // after the attack that ran before it for this model, or first
                    var before = i == 0 ? -1 : ordered.IndexOf(attacks[i - 1]);
                    ordered.Insert(before + 1, attacks[i]);
                }
        }
        return ordered;
    }

    /// <summary>One row per model (in the plan's order) and ε: <c>model</c>, <c>ε</c>, <c>images</c>,
    /// <c>clean</c>, then per protocol its attacks in the order they ran and "PROTOCOL worst case", and, when
    /// the paper and the strong protocol are both there, <see cref="GapColumn"/>: the paper's worst case
    /// minus the strong one's. Robust accuracy in %, to one decimal; empty where a model did not run an attack.
    /// An attack that two protocols share is named "PROTOCOL ATTACK".</summary>
    public DataFrame Summary(IReadOnlyList<string>? protocols = null)
    {
        protocols ??= Rows.Select(r => r.Protocol).Where(p => p != Protocols.Audit).Distinct().ToList();
        var keys = Rows.Where(r => protocols.Contains(r.Protocol) && r.IsAttack).Select(r => r.Eps).Distinct().Order()
            .SelectMany(e => Plan.Models.Select(m => m.Name).Where(m => Rows.Any(r => r.Model == m)).Select(m => (Model: m, Eps: e)))
            .ToList();
        double? Percent(double? fraction) => fraction is { } f ? Math.Round(100 * f, 1) : null;
        DoubleDataFrameColumn Column(string name, Func<(string Model, double Eps), double?> value) => new(name, keys.Select(value));

        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("model", keys.Select(k => k.Model)),
            new DoubleDataFrameColumn("ε", keys.Select(k => (double?)k.Eps)),
            new Int32DataFrameColumn("images", keys.Select(k => (int?)Rows.First(r => r.Model == k.Model).N)),
            Column(ResultRow.Clean, k => Percent(protocols.Select(p => Accuracy(k.Model, p, ResultRow.Clean, k.Eps)).FirstOrDefault(a => a is not null))),
        };
        var shared = protocols.SelectMany(p => Attacks(p).Select(a => (Protocol: p, Attack: a))).GroupBy(x => x.Attack)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var protocol in protocols)
        {
            foreach (var attack in Attacks(protocol))
                columns.Add(Column(shared.Contains(attack) ? $"{protocol} {attack}" : attack, k => Percent(Accuracy(k.Model, protocol, attack, k.Eps))));
            columns.Add(Column($"{protocol} {ResultRow.WorstCase}", k => Percent(Accuracy(k.Model, protocol, ResultRow.WorstCase, k.Eps))));
        }
        if (protocols.Contains(Protocols.Paper) && protocols.Contains(Protocols.Strong))
            columns.Add(Column(GapColumn, k =>
                Percent(Accuracy(k.Model, Protocols.Paper, ResultRow.WorstCase, k.Eps)) is { } paper &&
                Percent(Accuracy(k.Model, Protocols.Strong, ResultRow.WorstCase, k.Eps)) is { } strong
                    ? Math.Round(paper - strong, 1) : null));
        return new DataFrame(columns);
    }
}
