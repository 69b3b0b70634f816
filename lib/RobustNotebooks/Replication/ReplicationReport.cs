using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using RobustNotebooks.Display;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Replication;

/// <summary>report.html: one offline page (plotly.js inlined once) with the models and what became of them,
/// the white-box tables (paper and strong protocol side by side), the black-box (transfer) table, the ablation,
/// the feature-space figure, the audit flags with their evidence and the provenance. Every table is a
/// DataFrame rendered by Display; missing models appear as rows marked "missing".</summary>
public static class ReplicationReport
{
    public const string MissingCell = "missing";

    public static void Write(ReplicationResult result, string path)
    {
        var html = new StringBuilder();
        var title = $"Replication of the PCL paper's tables on {result.DatasetName}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n")
            .Append(Style).Append('\n');
        if (result.Features.Count > 0) html.Append(PlotlyJs.GuardedScriptElement()).Append('\n');
        html.Append("</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n");
        Summary(html, result);
        Section(html, "models", "Models", ModelsText(result), ModelsTable(result));
        if (result.Results is { } results)
        {
            foreach (var eps in result.Eps)
                Section(html, $"white-box-{Id(eps)}", $"White-box attacks, ε = {E(eps)}",
                    "Robust accuracy (%) on the evaluated test images. Paper protocol: the official PCL code's attacks, each alone " +
                    "(CE loss, no random start, 10 iterations). Strong protocol: attacks cascaded on the points still standing, per-example worst case, " +
                    $"at the {result.Options.Budget.Name} budget ({result.Options.Budget.Description}).",
                    WhiteBoxTable(result, results, eps));
            foreach (var eps in result.Eps)
                Section(html, $"black-box-{Id(eps)}", $"Black-box (transfer) attacks, ε = {E(eps)}", TransferText(result), TransferTable(result, results, eps));
            Section(html, "ablation", "Ablation: loss terms and layers", AblationText(result), AblationTable(result, results));
        }
        else html.Append("<section id=\"no-results\"><h2>No results</h2><p>No model of the zoo could be evaluated; the table above says why.</p></section>\n");
        Features(html, result);
        Flags(html, result);
        Provenance(html, result);
        html.Append("</body>\n</html>\n");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    private const string Style = """
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1400px; padding: 0 16px; color: #222; background: white; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        table { border-collapse: collapse; font-size: 0.9em; margin: 8px 0; } th, td { border: 1px solid #ccc; padding: 3px 8px; }
        th { background: #f3f3f3; } .rnb-table { overflow-x: auto; } .note { color: #555; } .missing { color: #b00; font-weight: bold; }
        code { background: #f6f6f6; padding: 0 3px; }
        </style>
        """;

    private static void Summary(StringBuilder html, ReplicationResult r)
    {
        var o = r.Options;
        var evaluated = r.Models.Count(m => !m.IsMissing && m.Entry.Role.IsTableRow());
        html.Append("<section id=\"summary\"><p>")
            .Append(Encode($"{o.Samples} test images of {r.DatasetName} (the first {o.Samples}, in order), ε ∈ {{{string.Join(", ", r.Eps.Select(E))}}}, seed {o.Seed}{(o.Quick ? ", quick mode (few images, the first ε)" : "")}; " +
                           $"the strong protocol at the {o.Budget.Name} budget ({o.Budget.Description}" +
                           (o.Budget == StrongBudget.AutoAttack ? ", AutoAttack's own)" : $"; AutoAttack's own is {StrongBudget.AutoAttack.Description}: --budget autoattack)") + ". " +
                           (o.Defenses ? "" : "The seed article's defenses are left out (--defenses adds them). ") +
                           $"{evaluated} model(s) evaluated, {r.Missing.Count()} missing. Wall time {r.ElapsedSeconds:0} s, finished {r.Finished:yyyy-MM-dd HH:mm} UTC."))
            .Append("</p>\n<p>Command: <code>").Append(Encode(o.Command)).Append("</code> at commit <code>").Append(Encode(o.Commit)).Append("</code>.</p>\n");
        if (r.Missing.Any())
            html.Append("<p class=\"missing\">Missing models (not evaluated, shown as “missing” in every table): ")
                .Append(Encode(string.Join(", ", r.Missing.Select(m => m.Entry.Name)))).Append(".</p>\n");
        html.Append("</section>\n");
    }

    private static void Section(StringBuilder html, string id, string heading, string text, DataFrame table) =>
        html.Append($"<section id=\"{id}\">\n<h2>").Append(Encode(heading)).Append("</h2>\n<p class=\"note\">").Append(Encode(text)).Append("</p>\n")
            .Append(table.ToHtml(int.MaxValue)).Append("\n</section>\n");

    private static string ModelsText(ReplicationResult r) =>
        "Every model the tables need, from the zoo's manifest with its recipe; a missing one is trained by ./robustnb zoo train NAME (or replicate --train).";

    private static DataFrame ModelsTable(ReplicationResult r) => Frame(
        ("model", r.Models.Select(m => m.Entry.Name)),
        ("row", r.Models.Select(m => m.Entry.Label)),
        ("table", r.Models.Select(m => m.Entry.Role.ToString().ToLowerInvariant())),
        ("status", r.Models.Select(m => m.IsMissing ? $"{MissingCell}: {m.Reason}" : m.Status == ReplicatedModel.Trained ? "trained for this run" : "from the zoo")),
        ("test accuracy (recorded)", r.Models.Select(m => m.TestAccuracy is { } a ? Pct(a) : "")),
        ("SHA-256 of the weights", r.Models.Select(m => m.Sha256 is { } h ? h[..16] + "…" : "")),
        ("recipe", r.Models.Select(m => string.Join(' ', m.Entry.Train) + (m.Entry.From is { } f ? $" --from {f}" : ""))));

    // The attack columns of one protocol at one ε, in the order the plan ran them, without transfer attacks.
    private static List<string> Attacks(EvaluationResults results, string protocol, double eps, bool transfer) =>
        results.Rows.Where(x => x.Protocol == protocol && x.Eps == eps && x.IsAttack && (x.CraftOn is not null) == transfer)
            .Select(x => x.Attack).Distinct().ToList();

    private static string Cell(EvaluationResults results, string model, string protocol, double eps, string attack) =>
        results.Rows.FirstOrDefault(x => x.Model == model && x.Protocol == protocol && x.Attack == attack && (attack == ResultRow.Clean || x.Eps == eps)) is { } row
            ? Pct(row.Accuracy) : "—";

    private static List<ReplicatedModel> TableModels(ReplicationResult r, params ZooRole[] roles) =>
        r.Models.Where(m => roles.Contains(m.Entry.Role)).ToList();

    private static DataFrame WhiteBoxTable(ReplicationResult r, EvaluationResults results, double eps)
    {
        var models = TableModels(r, ZooRole.Main, ZooRole.Defense);
        var columns = new List<(string, IEnumerable<string>)>
        {
            ("model", models.Select(m => m.Entry.Name)),
            ("row", models.Select(m => m.Entry.Label)),
            ("clean", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, Protocols.Paper, eps, ResultRow.Clean))),
        };
        foreach (var protocol in Protocols.Names)
        {
            foreach (var attack in Attacks(results, protocol, eps, transfer: false).Append(ResultRow.WorstCase))
                columns.Add(($"{protocol}: {attack}", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, protocol, eps, attack))));
        }
        return Frame([.. columns]);
    }

    private static string TransferText(ReplicationResult r) =>
        r.Models.FirstOrDefault(m => m.Entry.Role == ZooRole.Substitute) is { } s
            ? s.IsMissing
                ? $"The substitute model ({s.Entry.Name}) is missing ({s.Reason}), so no transfer attack could run."
                : $"Adversarials crafted with the named attack on the zoo's model {s.Entry.Name} ({s.Entry.Description}), then classified by each model (the author's black-box protocol)."
            : "The zoo names no substitute model, so no transfer attack could run.";

    private static DataFrame TransferTable(ReplicationResult r, EvaluationResults results, double eps)
    {
        var models = TableModels(r, ZooRole.Main, ZooRole.Defense);
        var attacks = Protocols.Names.SelectMany(p => Attacks(results, p, eps, transfer: true).Select(a => (Protocol: p, Attack: a))).ToList();
        var columns = new List<(string, IEnumerable<string>)>
        {
            ("model", models.Select(m => m.Entry.Name)),
            ("row", models.Select(m => m.Entry.Label)),
            ("clean", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, Protocols.Paper, eps, ResultRow.Clean))),
        };
        foreach (var (protocol, attack) in attacks)
            columns.Add(($"{protocol}: {attack}", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, protocol, eps, attack))));
        return Frame([.. columns]);
    }

    private static string AblationText(ReplicationResult r)
    {
        var ablation = TableModels(r, ZooRole.Ablation);
        var text = "Worst case over each protocol's attacks (%), the softmax and PCL rows of the main table for reference.";
        if (ablation.Count == 0) return text + " The zoo lists no ablation models.";
        var missing = ablation.Count(m => m.IsMissing);
        return missing == 0 ? text : text + $" {missing} of the {ablation.Count} ablation models are missing.";
    }

    private static DataFrame AblationTable(ReplicationResult r, EvaluationResults results)
    {
        // Softmax and PCL without adversarial training: the rows the ablation varies.
        var reference = r.Models.Where(m => m.Entry.Role == ZooRole.Main && !m.Entry.Train.Contains("--adv")).Take(2);
        var models = reference.Concat(TableModels(r, ZooRole.Ablation)).ToList();
        var columns = new List<(string, IEnumerable<string>)>
        {
            ("model", models.Select(m => m.Entry.Name)),
            ("row", models.Select(m => m.Entry.Label)),
            ("what", models.Select(m => m.Entry.Description)),
            ("clean", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, Protocols.Paper, 0, ResultRow.Clean))),
        };
        foreach (var eps in r.Eps)
            foreach (var protocol in Protocols.Names)
                columns.Add(($"{protocol} worst, ε = {E(eps)}", models.Select(m => m.IsMissing ? MissingCell : Cell(results, m.Entry.Name, protocol, eps, ResultRow.WorstCase))));
        return Frame([.. columns]);
    }

    private static void Features(StringBuilder html, ReplicationResult r)
    {
        html.Append("<section id=\"feature-space\">\n<h2>Feature space: softmax against PCL</h2>\n");
        if (r.Features.Count == 0)
        {
            html.Append("<p class=\"missing\">No softmax or PCL model (picture or main table) could be loaded, so there is no feature picture.</p>\n</section>\n");
            return;
        }
        html.Append("<p class=\"note\">").Append(Encode(
            $"The penultimate-layer features of the {r.Options.Samples} evaluated test images, coloured by true class (the paper's Fig. 1). " +
            "A 2-D layer (the zoo's lenetpp2d picture models) is drawn as it is, a 128-D one on its two leading principal axes. PCL should pull each class into a compact cluster away from the others.")).Append("</p>\n");
        html.Append(FeatureFigure(r).ToPlotElement()).Append("\n</section>\n");
    }

    /// <summary>One scatter subplot per model, one trace per class with the same colour in every subplot and a
    /// single legend entry per class.</summary>
    public static Figure FeatureFigure(ReplicationResult r)
    {
        var cells = new List<Figure>();
        for (int p = 0; p < r.Features.Count; p++)
        {
            var picture = r.Features[p];
            var traces = new List<Figure>();
            for (int c = 0; c < r.ClassNames.Count; c++)
            {
                var idx = Enumerable.Range(0, picture.Labels.Length).Where(i => picture.Labels[i] == c).ToList();
                if (idx.Count == 0) continue;
                var figure = Figure.Scatter(idx.Select(i => picture.X[i]), idx.Select(i => picture.Y[i]), name: r.ClassNames[c], color: Palette.Color(c), size: 4);
                if (p > 0) figure = figure with { Traces = figure.Traces.Select(t => t with { ShowLegend = false }).ToImmutableList() };
                traces.Add(figure);
            }
            cells.Add(Figure.Combine(traces));
        }
        var grid = Figure.Grid(cells, columns: cells.Count, titles: r.Features.Select(f => $"{f.Label} ({f.Model})"));
        for (int p = 0; p < r.Features.Count; p++)
            grid = grid.WithXAxis(r.Features[p].XTitle, subplot: p + 1).WithYAxis(r.Features[p].YTitle, subplot: p + 1);
        return grid.WithSize(1100, 520).WithLegend(true);
    }

    private static void Flags(StringBuilder html, ReplicationResult r)
    {
        var flags = r.Results?.Flags ?? [];
        html.Append("<section id=\"audit\">\n<h2>Audit flags</h2>\n<p class=\"note\">")
            .Append(Encode(flags.Count == 0
                ? "No audit flag was raised."
                : "Each flag is a sign that an evaluation may overstate robustness (Carlini et al. 2019, Athalye et al. 2018, AutoAttack's checks), with the numbers that raised it."))
            .Append("</p>\n");
        if (flags.Count > 0)
            html.Append(Frame(
                ("flag", flags.Select(f => f.Kind)),
                ("model", flags.Select(f => f.Model)),
                ("what it means", flags.Select(f => f.Message)),
                ("evidence", flags.Select(f => string.Join(", ", f.Evidence.Select(e => $"{e.Key} = {e.Value.ToString("G4", CultureInfo.InvariantCulture)}"))))).ToHtml(int.MaxValue));
        html.Append("</section>\n");
    }

    private static void Provenance(StringBuilder html, ReplicationResult r)
    {
        html.Append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<p class=\"note\">")
            .Append(Encode($"Every number above is in {EvaluationResults.CsvFile} and {EvaluationResults.JsonFile} beside this page (with each attack's settings and seed, the sample indices and the weights' hashes); " +
                           $"{ReplicationResult.ProvenanceFile} records the models, their recipes and zoo provenance."))
            .Append("</p>\n");
        html.Append(Frame(("component", r.Versions.Keys), ("version", r.Versions.Values)).ToHtml(int.MaxValue));
        html.Append("</section>\n");
    }

    private static DataFrame Frame(params (string Name, IEnumerable<string> Values)[] columns) =>
        new(columns.Select(c => (DataFrameColumn)new StringDataFrameColumn(c.Name, c.Values.ToList())));

    private static string Pct(double fraction) => double.IsNaN(fraction) ? "—" : (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture);

    private static string E(double eps) => eps.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Id(double eps) => "eps-" + E(eps).Replace('.', '_');

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
