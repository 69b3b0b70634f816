using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RobustNotebooks.Data;
using RobustNotebooks.Kernel;
using RobustNotebooks.Kernel.Notebooks;
using RobustNotebooks.Tests.Kernel;
using Xunit.Abstractions;

namespace RobustNotebooks.Tests.Notebooks;

/// <summary>Runs every lesson in notebooks/ in quick mode, as CI does, on our kernel and on .NET Interactive's,
/// through nbclient, and checks what each shows. The lessons reference artifacts/notebook, which a Release
/// build fills (scripts/test.sh builds it); the .NET Interactive tool comes from scripts/setup.sh.</summary>
public partial class LessonNotebookTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("robustnb-lessons-").FullName;
    private static readonly string Repository = DataRoot.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found");

    public void Dispose() => Directory.Delete(_out, recursive: true);

    public static IEnumerable<object[]> Lessons() =>
        Directory.EnumerateFiles(Path.Combine(DataRoot.FindRepositoryRoot()!, "notebooks"), "*.ipynb")
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Enum.GetValues<NotebookKernel>().Select(kernel => new object[] { Path.GetFileName(path), kernel.Name() }));

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_runs_in_quick_mode_and_shows_its_figures_and_tables(string notebook, string kernel)
    {
        var outputs = Run(notebook, NotebookKernels.Parse(kernel));
        var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
        var tables = outputs.Select(TableHtml).OfType<string>().ToList();
        output.WriteLine($"{notebook} on {kernel}: {figures.Count} figures ({string.Join(", ", figures.Select(f => $"{Traces(f).Count} traces, {Points(f)} points"))}), " +
                         $"{tables.Count} tables ({string.Join(", ", tables.Select(t => $"{BodyRows(t)} rows"))})");
        Assert.All(figures, f => Assert.True(Points(f) > 0, "a figure without points"));
        Assert.All(tables, t => Assert.True(BodyRows(t) > 0, "a table without rows"));
        if (Expectations.TryGetValue(notebook, out var check)) check(outputs);
    }

    /// <summary>What each lesson must show in quick mode; a lesson not listed gets the generic checks above.</summary>
    private static readonly Dictionary<string, Action<IReadOnlyList<JsonObject>>> Expectations = new()
    {
        ["00-getting-started.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            // Autograd against the closed form, the fresh model near chance, the zoo model's provenance.
            Assert.Contains("allclose: True", text);
            Assert.Matches(@"autograd : tensor\(\[(.*)\]\)\s+by hand  : tensor\(\[\1\]\)", text);
            Assert.Contains("LeNet++: 943,729 parameters; features stage1, stage2, stage3, penultimate", text);
            Assert.Contains("logits of 4 images: [4, 10]", text);
            Assert.Contains("recorded test accuracy 92.04 %", text);
            Assert.Contains("trained by: ./robustnb train", text);

            // Sixteen test images with their predictions; the model gets most of them right.
            var grid = Assert.Single(outputs.Select(PlotlyFigure).OfType<JsonObject>());
            Assert.Equal(16, Traces(grid).Count);
            Assert.All(Traces(grid), t => Assert.Equal("image", (string?)t["type"]));
            Assert.Equal(16, grid["layout"]!["annotations"]!.AsArray().Count);
            Assert.Contains("predictions", (string?)grid["layout"]!["title"]!["text"]);
            var correct = int.Parse(Regex.Match(text, @"(\d+) of 16 correct").Groups[1].Value);
            Assert.InRange(correct, 13, 16);

            // Accuracy per class on the first 1,000 test images, hardest first: Shirt, as the text says.
            var table = Assert.Single(outputs.Select(TableHtml).OfType<string>());
            var rows = Rows(table);
            Assert.Equal(10, rows.Count);
            Assert.Equal(["class", "images", "correct", "accuracy"], Header(table));
            Assert.Equal(1000, rows.Sum(r => int.Parse(r[1])));
            Assert.Equal("Shirt", rows[0][0]);
            var accuracies = rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(accuracies.Order(), accuracies);
            Assert.Contains("accuracy on the first 1,000 test images: 92.20 %", text);
        },
        ["02-a-tour-of-attacks.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("on the first 64 Fashion-MNIST test images (quick mode)", text);

            // The table: the clean row and the eight attacks, each on the 64 images, inside the ε-ball.
            var table = Assert.Single(outputs.Select(TableHtml).OfType<string>());
            Assert.Equal(["attack", "settings", "samples", "robust_accuracy", "mean_l2", "max_linf", "seconds"], Header(table));
            var rows = Rows(table).ToDictionary(r => r[0]);
            Assert.Equal(["none", "FGSM", "BIM-10", "MIM-10", "PGD-10", "CW-L2-capped", "APGD-CE", "APGD-T3", "Square-100"], Rows(table).Select(r => r[0]));
            Assert.All(rows.Values, r => Assert.Equal("64", r[2]));
            double Value(string attack, int column) => double.Parse(rows[attack][column], CultureInfo.InvariantCulture);
            double Robust(string attack) => Value(attack, 3);
            Assert.All(rows.Keys, a => Assert.InRange(Value(a, 5), 0, 0.1 + 1e-4));
            Assert.InRange(Robust("none"), 0.85, 0.95);

            // The lesson's claims: iterative beats single-step, APGD at least matches PGD untuned, every
            // white-box attack takes most of the clean accuracy, C&W's successes are the smallest in L2 and
            // it leaves more standing than PGD, Square stays behind the white-box attacks on this model.
            Assert.True(Robust("PGD-10") <= Robust("FGSM"), $"PGD {Robust("PGD-10")} > FGSM {Robust("FGSM")}");
            Assert.True(Robust("BIM-10") < Robust("FGSM"));
            Assert.True(Robust("APGD-CE") <= Robust("PGD-10") + 0.02, $"APGD-CE {Robust("APGD-CE")} vs PGD {Robust("PGD-10")}");
            Assert.True(Robust("APGD-T3") <= Robust("PGD-10") + 0.02);
            Assert.All(new[] { "FGSM", "BIM-10", "MIM-10", "PGD-10", "APGD-CE", "APGD-T3" }, a => Assert.True(Robust(a) < 0.25, $"{a}: {Robust(a)}"));
            Assert.All(rows.Keys.Where(a => a is not ("none" or "CW-L2-capped")), a => Assert.True(Value("CW-L2-capped", 4) < Value(a, 4) / 2, a));
            Assert.True(Robust("CW-L2-capped") > Robust("PGD-10") + 0.2);
            Assert.True(Robust("Square-100") > Robust("APGD-CE"));

            // The grid: 4 rows of clean, then perturbation and adversarial for FGSM, PGD, C&W and Square.
            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            Assert.Equal(36, Traces(figures[0]).Count);
            Assert.All(Traces(figures[0]), t => Assert.Equal("image", (string?)t["type"]));
            Assert.Equal(36, figures[0]["layout"]!["annotations"]!.AsArray().Count);

            // Accuracy against ε: three named lines over 0 … 0.3, starting at the clean accuracy and falling,
            // FGSM's never below PGD's.
            var lines = Traces(figures[1]).ToDictionary(t => (string)t["name"]!);
            Assert.Equal(["FGSM", "PGD-10", "APGD-CE"], lines.Keys);
            double[] Ys(string name) => lines[name]["y"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.All(lines.Values, t => Assert.Equal([0, 0.02, 0.05, 0.1, 0.2, 0.3], t["x"]!.AsArray().Select(v => (double)v!)));
            Assert.All(lines.Keys, name =>
            {
                var y = Ys(name);
                Assert.Equal(Robust("none"), y[0], 4);
                Assert.True(y.Zip(y.Skip(1)).All(p => p.Second <= p.First + 0.02), $"{name}: {string.Join(", ", y)}");
                Assert.True(y[^1] < 0.1, name);
            });
            Assert.True(Ys("FGSM").Zip(Ys("PGD-10")).All(p => p.First >= p.Second - 1e-9));
            Assert.Equal(Robust("FGSM"), Ys("FGSM")[3], 4);
            Assert.Equal(Robust("APGD-CE"), Ys("APGD-CE")[3], 4);
            Assert.Equal("ε (largest change per pixel, pixel values in [0, 1])", (string?)figures[1]["layout"]!["xaxis"]!["title"]!["text"]);
            Assert.Equal("accuracy", (string?)figures[1]["layout"]!["yaxis"]!["title"]!["text"]);
            Assert.Contains("FGSM above or on PGD at every ε: True", text);
        },
        ["01-prototype-conformity-loss.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("epoch 1: lr=0.01", text);
            Assert.Contains("penultimate/proximity=", text);
            Assert.Contains("nearest prototype", text);

            // Each training call shows one progress display, updated in place to its end (display_data, then
            // update_display_data with its id, which nbclient applies), instead of a printed line per batch.
            var bars = outputs.Where(o => (string?)o["output_type"] == "display_data" && Text(o["data"]?["text/html"]).Contains("rnb-progress"))
                .Select(o => Text(o["data"]?["text/plain"])).Where(t => t.StartsWith("train ", StringComparison.Ordinal)).ToList();
            Assert.Equal(["train lenetpp2d softmax", "train lenetpp2d pcl"], bars.Select(b => b[..b.IndexOf(':')]));
            Assert.All(bars, b => Assert.Contains("(100%); done in", b));
            Assert.DoesNotContain("batches", text);

            // The history: one epoch of softmax, one of PCL, with the columns the text talks about.
            var table = Assert.Single(outputs.Select(TableHtml).OfType<string>());
            Assert.Equal(2, BodyRows(table));
            foreach (var column in new[] { "loss", "epoch", "train_cross_entropy", "train_penultimate_proximity", "test_acc", "ncm_acc", "penultimate_ratio" })
                Assert.Contains($">{column}</th>", table);
            Assert.Contains(">softmax</td>", table);
            Assert.Contains(">pcl-official</td>", table);

            // Both models' 2-D features of 1,000 test images, one trace per class and model.
            var figure = Assert.Single(outputs.Select(PlotlyFigure).OfType<JsonObject>());
            Assert.Equal(20, Traces(figure).Count);
            Assert.All(Traces(figure), t => Assert.Equal("scatter", (string?)t["type"]));
            Assert.Equal(2 * 1000, Points(figure));
            var html = outputs.Select(o => Text(o["data"]?["text/html"])).Single(h => h.Contains("rnb-plot"));
            Assert.Contains("window.Plotly.newPlot", html);
        },
        ["05-feature-space-separation.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("quick mode: 1,000 images per picture, 1,000 measured, 200 attacked", text);
            string[] classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(3, figures.Count);
            static List<string?> Listed(JsonObject figure) =>
                Traces(figure).Where(t => (bool?)t["showlegend"] != false).Select(t => (string?)t["name"]).ToList();
            string? AxisTitle(JsonObject figure, string axis) => (string?)figure["layout"]![axis]?["title"]?["text"];

            // Fig. 1: per model the 1,000 test features in one trace per class, ten 21-point PGD paths (clean image and
            // 20 steps) and the marks of their start and end; each class, the path and the marks listed once.
            var fig1 = figures[0];
            const string path = "PGD path (20 steps)";
            Assert.Equal(2 * (10 + 10 + 2), Traces(fig1).Count);
            Assert.Equal(2 * (1000 + 10 * 21 + 2 * 10), Points(fig1));
            Assert.All(Traces(fig1).Where(t => (string?)t["name"] == path), t => Assert.Equal(21, t["x"]!.AsArray().Count));
            Assert.Equal([.. classes, path, "clean image", "after 20 steps"], Listed(fig1));
            Assert.Equal(["feature 1", "feature 1"], new[] { AxisTitle(fig1, "xaxis"), AxisTitle(fig1, "xaxis2") });
            Assert.Equal(["feature 2", "feature 2"], new[] { AxisTitle(fig1, "yaxis"), AxisTitle(fig1, "yaxis2") });

            // The lesson's claims about the paths: PCL's clusters are much tighter and about ten times closer together,
            // yet almost every traced image ends misclassified on both models, PCL's no later than softmax's, and the
            // attack moves a PCL feature further in units of its class spacing. The loop is the library's PGD.
            var walks = Regex.Matches(text, @"(softmax-2d|pcl-2d): intra/inter ([\d.]+), class means ([\d.]+) apart on average; " +
                    @"PGD moves a traced feature ([\d.]+) \(([\d.]+) × that\)\s+(\d+) of 10 traced images misclassified after 20 steps, " +
                    @"(\d+) at some step, first at step ([\d.]+) on average; the library's PGD-20: (\d+) fooled")
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups.Values.Skip(2).Select(g => double.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray());
            Assert.Equal(["softmax-2d", "pcl-2d"], walks.Keys);
            double[] soft2d = walks["softmax-2d"], pcl2d = walks["pcl-2d"];   // ratio, inter, moved, relative, end, some, first, library
            Assert.True(pcl2d[0] < soft2d[0] / 3, $"2-D ratios: PCL {pcl2d[0]}, softmax {soft2d[0]}");
            Assert.InRange(soft2d[1] / pcl2d[1], 7, 14);
            Assert.True(pcl2d[3] > soft2d[3], $"relative moves: PCL {pcl2d[3]}, softmax {soft2d[3]}");
            Assert.All(walks.Values, w => Assert.InRange(w[4], 8, 10));
            Assert.All(walks.Values, w => Assert.Equal(w[5], w[7]));
            Assert.True(pcl2d[6] <= soft2d[6], $"first wrong step: PCL {pcl2d[6]}, softmax {soft2d[6]}");

            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(3, tables.Count);
            // The traced images, one per class, with where each path ends; the misclassified ends are the counts above.
            Assert.Equal(["test_image", "class", "softmax_2d_final", "softmax_2d_first_wrong_step", "pcl_2d_final", "pcl_2d_first_wrong_step"], Header(tables[0]));
            var traced = Rows(tables[0]);
            Assert.Equal(classes, traced.Select(r => r[1]));
            Assert.Equal(soft2d[4], traced.Count(r => r[2] != r[1]));
            Assert.Equal(pcl2d[4], traced.Count(r => r[4] != r[1]));

            // The 128-D models' features on three principal axes: 10 classes × 1,000 points each, listed once, axes titled
            // with their variance shares; PCL's three axes hold much more of its variance than softmax's.
            var cloud = figures[1];
            Assert.Equal(20, Traces(cloud).Count);
            Assert.All(Traces(cloud), t => Assert.Equal("scatter3d", (string?)t["type"]));
            Assert.Equal(2000, Points(cloud));
            Assert.Equal(classes, Listed(cloud));
            foreach (var scene in new[] { "scene", "scene2" })
                foreach (var (axis, k) in new[] { ("xaxis", 1), ("yaxis", 2), ("zaxis", 3) })
                    Assert.Matches($@"^PC {k} \(\d+ %\)$", (string?)cloud["layout"]![scene]![axis]!["title"]!["text"]);
            var together = Regex.Matches(text, @"(softmax|pcl): the three axes hold .* of the variance, (\d+) % together")
                .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
            Assert.True(together["pcl"] > together["softmax"] + 15, $"{together["pcl"]} % vs {together["softmax"]} %");

            // The ratio per layer: PCL's lower at every layer, most at the two layers that carry its loss.
            Assert.Equal(["layer", "dims", "softmax_intra", "softmax_inter", "softmax_ratio", "pcl_intra", "pcl_inter", "pcl_ratio", "pcl_over_softmax"], Header(tables[1]));
            var layers = Rows(tables[1]).ToDictionary(r => r[0], r => r.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            Assert.Equal(["stage1", "stage2", "stage3", "penultimate"], layers.Keys);
            Assert.Equal([32.0, 64, 128, 128], layers.Values.Select(l => l[0]));
            Assert.All(layers.Values, l => Assert.True(l[6] < l[3], $"PCL {l[6]} vs softmax {l[3]}"));
            Assert.InRange(layers["penultimate"][7], 0.15, 0.35);
            Assert.InRange(layers["stage3"][7], 0.25, 0.45);
            Assert.True(Math.Max(layers["stage3"][7], layers["penultimate"][7]) < Math.Min(layers["stage1"][7], layers["stage2"][7]));
            var bars = figures[2];
            Assert.Equal(["softmax", "PCL"], Traces(bars).Select(t => (string)t["name"]!));
            Assert.All(Traces(bars), t => Assert.Equal(["stage1", "stage2", "stage3", "penultimate"], t["x"]!.AsArray().Select(v => (string)v!)));
            Assert.Equal(layers.Values.Select(l => l[3]), Traces(bars)[0]["y"]!.AsArray().Select(v => Math.Round((double)v!, 3)));
            Assert.Equal("intra/inter-class ratio", AxisTitle(bars, "yaxis"));
            Assert.StartsWith("layer", AxisTitle(bars, "xaxis"));

            // Separation is not robustness: at similar clean accuracy and a much lower ratio, the PCL models keep no more of
            // the 200 attacked images than the softmax models, and every model only a few per cent.
            Assert.Equal(["model", "embedding", "loss", "clean_accuracy", "penultimate_ratio", "attack", "attacked", "robust_accuracy"], Header(tables[2]));
            var summary = Rows(tables[2]).ToDictionary(r => r[0]);
            Assert.Equal(["softmax-2d", "pcl-2d", "softmax", "pcl"], summary.Keys);
            double Cell(string model, int column) => double.Parse(summary[model][column], CultureInfo.InvariantCulture);
            Assert.All(summary.Values, r => Assert.Equal("200", r[6]));
            Assert.All(summary.Keys, m => Assert.True(Cell(m, 7) < 0.1, $"{m}: robust {Cell(m, 7)}"));
            foreach (var (softmax, pcl) in new[] { ("softmax-2d", "pcl-2d"), ("softmax", "pcl") })
            {
                Assert.True(Math.Abs(Cell(softmax, 3) - Cell(pcl, 3)) < 0.02, $"clean {Cell(softmax, 3)} vs {Cell(pcl, 3)}");
                Assert.True(Cell(pcl, 4) < Cell(softmax, 4) / 3, $"ratio {Cell(pcl, 4)} vs {Cell(softmax, 4)}");
                Assert.True(Cell(pcl, 7) <= Cell(softmax, 7), $"robust {Cell(pcl, 7)} vs {Cell(softmax, 7)}");
            }
            Assert.Equal(layers["penultimate"][6], Cell("pcl", 4));
        },
    };

    private static string StreamText(IReadOnlyList<JsonObject> outputs) =>
        string.Concat(outputs.Where(o => (string?)o["output_type"] == "stream").Select(o => Text(o["text"])));

    /// <summary>A table's column names, as its header row writes them.</summary>
    private static List<string> Header(string tableHtml) =>
        Cell("th").Matches(tableHtml[..tableHtml.IndexOf("<tbody>", StringComparison.Ordinal)]).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>A table's body cells, row by row.</summary>
    private static List<string[]> Rows(string tableHtml) =>
        BodyRowCells().Matches(tableHtml[tableHtml.IndexOf("<tbody>", StringComparison.Ordinal)..])
            .Select(row => Cell("td").Matches(row.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray()).ToList();

    private static Regex Cell(string tag) => new($"<{tag}(?:\\s[^>]*)?>(.*?)</{tag}>");

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex BodyRowCells();

    private List<JsonObject> Run(string notebook, NotebookKernel kernel)
    {
        Assert.True(File.Exists(Path.Combine(Repository, "artifacts", "notebook", "RobustNotebooks.dll")),
            "artifacts/notebook/RobustNotebooks.dll is missing: the lessons #r what a Release build puts there (scripts/test.sh builds it)");
        var progress = new StringWriter();
        var clock = Stopwatch.StartNew();
        NotebookRunResult result;
        using (var runner = new NotebookRunner(KernelSpecInstaller.CurrentDotnet(), KernelTestEnvironment.CliAssembly, progress, kernel))
            result = runner.Run(Path.Combine(Repository, "notebooks", notebook), [new("quick", "true")], Path.Combine(_out, kernel.Name()), html: true);
        output.WriteLine($"{notebook} on {kernel.Name()}: {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(progress.ToString());
        Assert.True(result.Succeeded, result.Describe() + "\n" + result.Detail);
        Assert.True(File.Exists(result.HtmlPath));
        var executed = JsonNode.Parse(File.ReadAllText(result.ExecutedPath))!;
        return executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!.AsObject()).ToList();
    }

    /// <summary>nbformat stores multi-line strings either whole or as a list of lines.</summary>
    private static string Text(JsonNode? node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    /// <summary>The plotly figure of an output. Our kernel sends it as a JSON object; .NET Interactive's
    /// Jupyter kernel sends every formatted value as a string, here the figure's JSON text.</summary>
    private static JsonObject? PlotlyFigure(JsonObject output) => output["data"]?["application/vnd.plotly.v1+json"] switch
    {
        JsonObject figure => figure,
        JsonValue text when text.TryGetValue<string>(out var json) => JsonNode.Parse(json)!.AsObject(),
        _ => null,
    };

    private static string? TableHtml(JsonObject output) =>
        Text(output["data"]?["text/html"]) is var html && html.StartsWith("<div class=\"rnb-table\">", StringComparison.Ordinal) ? html : null;

    private static List<JsonObject> Traces(JsonObject figure) => figure["data"]!.AsArray().Select(t => t!.AsObject()).ToList();

    private static int Points(JsonObject figure) => Traces(figure).Sum(t => (t["x"] ?? t["z"] ?? t["values"]) is JsonArray a ? a.Count : 0);

    private static int BodyRows(string tableHtml) =>
        BodyRow().Matches(tableHtml[tableHtml.IndexOf("<tbody>", StringComparison.Ordinal)..]).Count;

    [GeneratedRegex("<tr>")]
    private static partial Regex BodyRow();
}
