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
        ["04-ablation-of-the-loss.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            string[] models = ["softmax", "ablation-proximity", "pcl", "ablation-paper-eq5", "ablation-penultimate", "ablation-every-stage"];
            string[] layerNames = ["stage1", "stage2", "stage3", "penultimate"];
            Assert.Contains("quick mode: accuracy and geometry on 1,000 test images, attacks at ε 0.1 on 64, 6 zoo models, layers stage1, stage2, stage3, penultimate", text);
            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(4, tables.Count);

            // The recipes, read from each model's stored configuration: the rows differ in the loss alone.
            Assert.Equal(["model", "loss", "pcl_layers", "weights", "starts_from", "epochs", "train_minutes"], Header(tables[0]));
            var recipes = Rows(tables[0]);
            Assert.Equal(models, recipes.Select(r => r[0]));
            Assert.Equal(["cross-entropy", "CE + proximity", "CE + proximity − contrastive (official)", "CE + Eq. 5 (paper)",
                          "CE + proximity − contrastive (official)", "CE + proximity − contrastive (official)"], recipes.Select(r => r[1]));
            Assert.Equal(["", "stage3, penultimate", "stage3, penultimate", "stage3, penultimate", "penultimate", "stage1, stage2, stage3, penultimate"],
                recipes.Select(r => r[2]));
            Assert.All(recipes.Skip(1), r => Assert.Equal(("softmax", "3"), (r[4], r[5])));

            // Accuracy and the intra/inter ratio per layer on 1,000 images, and the claims of the text about them.
            Assert.Equal(["model", "accuracy", "nearest_prototype", .. layerNames.Select(l => $"ratio {l}")], Header(tables[1]));
            var geometry = Rows(tables[1]).ToDictionary(r => r[0]);
            Assert.Equal(models, geometry.Keys);
            double G(string model, string column) => Number(geometry[model][Header(tables[1]).IndexOf(column)]);
            double R(string model, string layer) => G(model, $"ratio {layer}");
            Assert.All(models, m => Assert.InRange(G(m, "accuracy") - G("softmax", "accuracy"), -1.5, 1.5));
            Assert.Equal("", geometry["softmax"][2]);
            Assert.All(models[1..], m => Assert.InRange(G(m, "accuracy") - G(m, "nearest_prototype"), -1.5, 1.5));
            // every PCL model tighter than softmax at every layer; the official code's penultimate layer at less than a third
            Assert.All(models[1..], m => Assert.All(layerNames, l => Assert.True(R(m, l) < R("softmax", l), $"{m} {l}")));
            Assert.All(models.Where(m => m is not ("softmax" or "ablation-paper-eq5")), m => Assert.True(R(m, "penultimate") < R("softmax", "penultimate") / 3, m));
            // the contrastive push at 1e-4 changes nothing measurable
            Assert.All(layerNames, l => Assert.InRange(R("ablation-proximity", l) - R("pcl", l), -0.02, 0.02));
            // a layer tightens without its own term; a term on every stage adds little at the first two
            Assert.InRange(R("ablation-penultimate", "stage3") - R("pcl", "stage3"), -0.03, 0.03);
            Assert.All(new[] { "stage1", "stage2" }, l => Assert.InRange(R("ablation-every-stage", l) - R("pcl", l), -0.05, 0.05));
            // Eq. 5 as printed: the last stage as tight as the official code, the penultimate layer much less
            Assert.InRange(R("ablation-paper-eq5", "stage3") - R("pcl", "stage3"), -0.03, 0.03);
            Assert.True(R("ablation-paper-eq5", "penultimate") > 2 * R("pcl", "penultimate"));

            // Both protocols on 64 images; the PCL models run the two prototype attacks, softmax leaves them empty.
            var header = Header(tables[2]);
            Assert.Equal(["model", "ε", "images", "clean", "FGSM", "BIM-10", "paper worst case", "APGD-CE", "APGD-T3", "APGD-PROTOTYPE",
                          "APGD-DLR+PROTOTYPE", "APGD-CEx2", "strong worst case", "gap (points)"], header);
            var rows = Rows(tables[2]).ToDictionary(r => r[0]);
            Assert.Equal(models, rows.Keys);
            double P(string model, string column) => Number(rows[model][header.IndexOf(column)]);
            Assert.All(rows.Values, r => Assert.Equal(("0.1", "64"), (r[1], r[2])));
            Assert.Equal("", rows["softmax"][header.IndexOf("APGD-PROTOTYPE")]);
            foreach (var m in models)
            {
                Assert.True(P(m, "paper worst case") <= Math.Min(P(m, "FGSM"), P(m, "BIM-10")), m);
                Assert.True(P(m, "strong worst case") <= P(m, "paper worst case"), m);
                Assert.Equal(Math.Round(P(m, "paper worst case") - P(m, "strong worst case"), 1), P(m, "gap (points)"));
            }
            // The claims: PCL raises FGSM, nothing else; every model near 0 % under the strong protocol.
            Assert.All(models[1..], m => Assert.True(P(m, "FGSM") > P("softmax", "FGSM"), $"{m}: FGSM {P(m, "FGSM")}"));
            Assert.All(models, m => Assert.True(P(m, "BIM-10") < 10 && P(m, "strong worst case") < 3, $"{m}: {P(m, "BIM-10")}, {P(m, "strong worst case")}"));
            Assert.Equal(["flag", "model", "what_it_means", "evidence"], Header(tables[3]));

            // The ratio per layer as bars (a series per model), and the penultimate ratio against robust accuracy.
            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            Assert.Equal(models, Traces(figures[0]).Select(t => (string)t["name"]!));
            Assert.All(Traces(figures[0]), t => Assert.Equal(layerNames, t["x"]!.AsArray().Select(v => (string)v!)));
            Assert.Equal(R("pcl", "stage3"), (double)Traces(figures[0])[2]["y"]![2]!, 3);
            var points = Traces(figures[1]);
            Assert.Equal(["FGSM (paper)", "BIM-10 (paper)", "strong protocol, worst case"], points.Select(t => (string)t["name"]!));
            Assert.All(points, t => Assert.Equal(6, t["x"]!.AsArray().Count));
            Assert.Equal(P("pcl", "FGSM") / 100, (double)points[0]["y"]![2]!, 3);
            Assert.Equal(R("pcl", "penultimate"), (double)points[0]["x"]![2]!, 3);
        },
        ["06-adversarial-training.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            // The zoo's adversarially trained models.
            string[] models = ["softmax", "adv-fgsm", "adv-fgsm-rs", "adv-pgd", "adv-trades", "adv-alp"];
            Assert.Contains($"quick mode: ε 0.1 on the first 64 test images, the strong protocol's gradient attacks (25 iterations), the ε curve on 32, the cost on 64 training images; {models.Length} zoo models", text);

            // ALP and TRADES on the hand-made batch: the library's values are the formulas written out.
            foreach (var loss in new[] { "ALP", "TRADES" })
            {
                var m = Regex.Match(text, $@"{loss}, [λβ] = [\d.]+: +library ([\d.]+), by hand ([\d.]+)");
                Assert.True(m.Success, loss);
                Assert.Equal(m.Groups[2].Value, m.Groups[1].Value);
            }
            Assert.Contains("ALP, λ = 0.5:    library 1.305955", text);   // ½·0.360645 + ½·0.751264 + 0.5·1.5
            Assert.Contains("both agree to 1e-9: True", text);

            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(4, tables.Count);
            // What each recipe costs: one row per zoo recipe with its gradient passes per batch (the attack's steps
            // and the training step's one or two passes); the measured seconds are shown, never asserted.
            Assert.Equal(["model", "recipe", "passes_per_batch", "seconds", "times_plain", "times_plain_predicted"], Header(tables[0]));
            var costs = Rows(tables[0]);
            Assert.Equal(models, costs.Select(r => r[0]));
            var passes = new Dictionary<string, (string Recipe, string Passes)>
            {
                ["softmax"] = ("none", "1"), ["adv-fgsm"] = ("fgsm, K 1", "3"), ["adv-fgsm-rs"] = ("fgsm-rs, K 1", "2"),
                ["adv-pgd"] = ("pgd, K 7", "8"), ["adv-trades"] = ("trades, K 10", "12"), ["adv-alp"] = ("pgd, K 7, ALP λ 0.5", "9"),
            };
            Assert.All(costs, r => Assert.Equal(passes[r[0]], (r[1], r[2])));
            Assert.All(costs, r => Assert.True(Number(r[3]) > 0));

            // The zoo's recipes with their recorded test accuracy.
            Assert.Equal(["model", "recipe", "eps", "training_images", "epochs", "starts_from", "train_minutes", "test_accuracy"], Header(tables[1]));
            Assert.Equal(models, Rows(tables[1]).Select(r => r[0]));
            Assert.All(Rows(tables[1]).Skip(1), r => Assert.Equal(["0.1", "softmax"], new[] { r[2], r[5] }));
            Assert.Equal("0.9204", Rows(tables[1])[0][7]);

            // Both protocols on the same 64 images: each column at most clean, the cascade falling, the worst cases
            // the smallest of their protocol.
            var header = Header(tables[2]);
            Assert.Equal(["model", "clean", "FGSM", "BIM-10", "paper worst case", "APGD-CE", "APGD-T3", "strong worst case"], header);
            var rows = Rows(tables[2]).ToDictionary(r => r[0]);
            Assert.Equal(models, rows.Keys);
            double P(string model, string column) => Number(rows[model][header.IndexOf(column)]);
            foreach (var m in models)
            {
                Assert.All(header[2..], c => Assert.True(P(m, c) <= P(m, "clean"), $"{m} {c}"));
                Assert.True(P(m, "paper worst case") <= Math.Min(P(m, "FGSM"), P(m, "BIM-10")), m);
                Assert.True(P(m, "APGD-T3") <= P(m, "APGD-CE"), m);
                Assert.Equal(P(m, "APGD-T3"), P(m, "strong worst case"));
                Assert.True(P(m, "strong worst case") <= P(m, "paper worst case"), m);
            }
            // The lesson's claims: softmax keeps nothing; every adversarially trained model keeps a real share under
            // the strong protocol; FGSM overstates adv-fgsm's robustness more than any other model's.
            Assert.True(P("softmax", "strong worst case") < 5);
            Assert.All(models[1..], m => Assert.True(P(m, "strong worst case") > 20, $"{m}: {P(m, "strong worst case")}"));
            double FgsmGap(string m) => P(m, "FGSM") - P(m, "strong worst case");
            Assert.Equal("adv-fgsm", models.MaxBy(FgsmGap));
            Assert.Matches(@"adv-fgsm +clean +[\d.]+ % +FGSM +[\d.]+ % +paper worst +[\d.]+ % +strong worst +[\d.]+ %", text);
            Assert.Equal(["flag", "model", "what_it_means", "evidence"], Header(tables[3]));
            Assert.Matches(@"\d+ flags", text);

            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            // Clean against strong robust accuracy: one named point per model, the table's numbers.
            var tradeOff = Traces(figures[0]);
            Assert.Equal(models, tradeOff.Select(t => (string)t["name"]!));
            Assert.All(tradeOff, t => Assert.Equal(P((string)t["name"]!, "clean") / 100, (double)t["x"]![0]!, 6));
            Assert.All(tradeOff, t => Assert.Equal(P((string)t["name"]!, "strong worst case") / 100, (double)t["y"]![0]!, 6));
            Assert.Equal("clean accuracy", (string?)figures[0]["layout"]!["xaxis"]!["title"]!["text"]);

            // Accuracy against ε under APGD-CE: a line per model over 0, 0.05, 0.1, 0.2, falling from clean; the
            // softmax model gone by ε 0.1, every adversarially trained one above it at ε 0.05 and 0.1.
            var lines = Traces(figures[1]).ToDictionary(t => (string)t["name"]!, t => t["y"]!.AsArray().Select(v => (double)v!).ToArray());
            Assert.Equal(models, lines.Keys);
            Assert.All(Traces(figures[1]), t => Assert.Equal([0, 0.05, 0.1, 0.2], t["x"]!.AsArray().Select(v => (double)v!)));
            Assert.All(lines, l => Assert.True(l.Value.Zip(l.Value.Skip(1)).All(p => p.Second <= p.First + 1.0 / 32), $"{l.Key}: {string.Join(", ", l.Value)}"));
            Assert.True(lines["softmax"][2] < 0.05);
            Assert.All(models[1..], m => Assert.True(lines[m][1] > lines["softmax"][1] + 0.2 && lines[m][2] > 0.2, m));
            Assert.StartsWith("ε", (string?)figures[1]["layout"]!["xaxis"]!["title"]!["text"]);
        },
        ["07-input-transformations.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("on the first 128 Fashion-MNIST test images (quick mode), defenses jpeg:75, bits:3, resize-pad:34", text);
            double Number(string pattern) => double.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

            // The grid: four test images, each clean, through JPEG and 3 bits, and three resize-pad draws, captioned.
            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            Assert.Equal(24, Traces(figures[0]).Count);
            Assert.All(Traces(figures[0]), t => Assert.Equal("image", (string?)t["type"]));
            var captions = figures[0]["layout"]!["annotations"]!.AsArray().Select(a => (string)a!["text"]!).ToList();
            Assert.Equal(24, captions.Count);
            Assert.Equal(4, captions.Count(c => c.StartsWith("jpeg:75<br>", StringComparison.Ordinal)));
            Assert.Equal(4, captions.Count(c => c.StartsWith("resize-pad:34<br>draw 3<br>", StringComparison.Ordinal)));
            // JPEG and rounding move pixels little (why BPDA's identity works), resize-pad far more.
            Assert.True(Number(@"jpeg:75 +changes a pixel by ([\d.]+)") < 0.05);
            Assert.True(Number(@"bits:3 +changes a pixel by ([\d.]+)") < 0.05);
            Assert.True(Number(@"resize-pad:34 +changes a pixel by ([\d.]+)") > 2 * Number(@"jpeg:75 +changes a pixel by ([\d.]+)"));

            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(3, tables.Count);

            // The defenses: their flags, the gradient the evaluator picks from them, their clean accuracy.
            Assert.Equal(["defense", "randomized", "differentiable", "attack_gradient", "samples", "draws", "clean_accuracy"], Header(tables[0]));
            Assert.Equal([["none", "no", "yes", "backprop", "128", "1"], ["jpeg:75", "no", "no", "bpda", "128", "1"],
                ["bits:3", "no", "no", "bpda", "128", "1"], ["resize-pad:34", "yes", "yes", "eot-20", "128", "20"]],
                Rows(tables[0]).Select(r => r[..6]));
            var clean = Rows(tables[0]).ToDictionary(r => r[0], r => double.Parse(r[6], CultureInfo.InvariantCulture));
            Assert.InRange(clean["none"], 0.85, 0.97);
            Assert.All(new[] { "jpeg:75", "bits:3" }, d => Assert.InRange(clean[d], clean["none"] - 0.03, clean["none"] + 0.01));
            Assert.True(clean["resize-pad:34"] < clean["none"] - 0.05, "resize-pad costs clearly more clean accuracy");

            // The naive gradient: exactly zero through JPEG and rounding, one draw's (unlike another's) through resize-pad.
            Assert.Contains("jpeg:75        input gradient exactly zero for 128 of 128 images", text);
            Assert.Contains("bits:3         input gradient exactly zero for 128 of 128 images", text);
            Assert.Contains("resize-pad:34  input gradient exactly zero for 0 of 128 images", text);
            Assert.Contains("none           input gradient exactly zero for 0 of 128 images", text);
            Assert.True(Number(@"cosine between the gradients of two draws ([\d.]+)") < 0.7);
            Assert.Matches(@"jpeg:75 +clean .* \(largest pixel change 0\.000\)", text);
            Assert.Matches(@"bits:3 +clean .* \(largest pixel change 0\.000\)", text);

            // Naive against adaptive: the same PGD, only the gradient differs.
            Assert.Equal(["defense", "samples", "clean_accuracy", "naive_attack", "naive_accuracy", "adaptive_attack", "adaptive_accuracy"], Header(tables[1]));
            var results = Rows(tables[1]);
            Assert.Equal(["none", "jpeg:75", "bits:3", "resize-pad:34"], results.Select(r => r[0]));
            Assert.All(results, r => Assert.Equal(["128", "PGD-10 (backprop)"], new[] { r[1], r[3] }));
            Assert.Equal(["PGD-10 (backprop)", "PGD-10 + BPDA", "PGD-10 + BPDA", "PGD-10 + EOT-8"], results.Select(r => r[5]));
            var line = results.ToDictionary(r => r[0]);
            double Naive(string d) => double.Parse(line[d][4], CultureInfo.InvariantCulture);
            double Adaptive(string d) => double.Parse(line[d][6], CultureInfo.InvariantCulture);
            Assert.All(results, r => Assert.Equal(clean[r[0]], double.Parse(r[2], CultureInfo.InvariantCulture), 4));
            // The claims: PGD breaks the bare network; behind JPEG and rounding it cannot move (clean accuracy
            // stands), behind resize-pad much stands; BPDA takes both deterministic defenses near the bare
            // network; EOT takes resize-pad clearly below its naive number, yet not near the bare network.
            Assert.True(Naive("none") < 0.25, $"no defense: {Naive("none")}");
            Assert.Equal(Naive("none"), Adaptive("none"));
            Assert.All(new[] { "jpeg:75", "bits:3" }, d =>
            {
                Assert.Equal(clean[d], Naive(d), 4);
                Assert.True(Adaptive(d) < Naive(d) - 0.5, $"{d}: adaptive {Adaptive(d)} vs naive {Naive(d)}");
                Assert.True(Adaptive(d) <= Naive("none") + 0.1, $"{d}: adaptive {Adaptive(d)} vs no defense {Naive("none")}");
            });
            Assert.True(Naive("resize-pad:34") > Naive("none") + 0.3, $"resize-pad naive {Naive("resize-pad:34")}");
            Assert.True(Adaptive("resize-pad:34") < Naive("resize-pad:34") - 0.1, $"resize-pad: EOT {Adaptive("resize-pad:34")} vs naive {Naive("resize-pad:34")}");
            Assert.True(Adaptive("resize-pad:34") > Naive("none") + 0.2);
            // The attack's own flags on the random model count lucky draws: far fewer robust than on fresh draws.
            Assert.True(Number(@"on the draws the attack itself saw, only ([\d.]+) %") / 100 < Naive("resize-pad:34") - 0.2);

            // Accuracy against the EOT samples k: the attack's line from the naive number down to the table's EOT-8,
            // falling and still falling at k = 8, with the clean and the undefended references.
            var curve = Traces(figures[1]).ToDictionary(t => (string)t["name"]!);
            Assert.Equal(["resize-pad:34 under PGD-10 + EOT-k", "resize-pad:34, clean", "no defense under PGD-10"], curve.Keys);
            double[] Ys(string name) => curve[name]["y"]!.AsArray().Select(v => (double)v!).ToArray();
            var eot = Ys("resize-pad:34 under PGD-10 + EOT-k");
            Assert.Equal([1, 2, 4, 8], curve["resize-pad:34 under PGD-10 + EOT-k"]["x"]!.AsArray().Select(v => (double)v!));
            Assert.Equal(Naive("resize-pad:34"), eot[0], 4);
            Assert.Equal(Adaptive("resize-pad:34"), eot[^1], 4);
            Assert.True(eot.Zip(eot.Skip(1)).All(p => p.Second <= p.First + 0.02), string.Join(", ", eot));
            Assert.True(eot[^1] < eot[^2] - 0.02, "the curve is still falling at the largest k");
            Assert.All(Ys("resize-pad:34, clean"), y => Assert.Equal(clean["resize-pad:34"], y, 4));
            Assert.All(Ys("no defense under PGD-10"), y => Assert.Equal(Naive("none"), y, 4));
            Assert.Equal("EOT samples per step (k; k = 1 is the naive attack)", (string?)figures[1]["layout"]!["xaxis"]!["title"]!["text"]);
            Assert.Equal("accuracy over fresh draws", (string?)figures[1]["layout"]!["yaxis"]!["title"]!["text"]);
            Assert.Contains("EOT accuracy falls (within 2 points) as k grows: True", text);

            // The evaluator: its model checks flag the zero gradients and the randomness where they are, and the
            // strong protocol's BPDA takes the JPEG model far below the paper protocol.
            Assert.Equal(["model", "protocol", "attack", "eps", "n", "robust", "accuracy"], Header(tables[2]));
            var evaluation = Rows(tables[2]);
            double Evaluated(string model, string protocol, string attack) => double.Parse(
                evaluation.Single(r => r[0] == model && r[1] == protocol && r[2] == attack)[6], CultureInfo.InvariantCulture);
            Assert.Equal(clean["jpeg:75"], Evaluated("softmax+jpeg:75", "paper", "PGD-20"), 4);
            Assert.True(Evaluated("softmax+jpeg:75", "strong", "worst case") < 0.1);
            Assert.Contains("[zero-or-non-finite-gradients] softmax+jpeg:75:", text);
            Assert.Contains("[randomized-output] softmax+resize-pad:34:", text);
            Assert.Contains("[paper-strong-gap] softmax+jpeg:75:", text);
            Assert.DoesNotContain("[zero-or-non-finite-gradients] softmax+resize-pad:34", text);
            Assert.DoesNotContain("[randomized-output] softmax+jpeg:75", text);

            // One progress display per long cell, each run to its end.
            var bars = outputs.Where(o => (string?)o["output_type"] == "display_data" && Text(o["data"]?["text/html"]).Contains("rnb-progress"))
                .Select(o => Text(o["data"]?["text/plain"])).ToList();
            Assert.Equal(["naive PGD-10 on 4 models", "PGD-10 with BPDA and EOT", "eval on fashion-mnist"], bars.Select(b => b[..b.IndexOf(':')]));
            Assert.All(bars, b => Assert.Contains("(100%); done in", b));
        },
        ["08-feature-denoising.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("quick mode: ε 0.1 on the first 64 Fashion-MNIST test images; zoo models softmax, adv-pgd, denoise", text);
            double Find(string pattern) => Number(Regex.Match(text, pattern).Groups[1].Value);
            // The two PGD recipes differ in the blocks and in gradient clipping, as the text says.
            Assert.Contains("denoise adds: --denoise stage2,stage3:nonlocal-gaussian --clip 1; adv-pgd adds: nothing", text);
            Assert.Contains("stage_blocks.stage2: NonLocalGaussian on stage2's 64 channels of 7×7 positions", text);
            Assert.Contains("stage_blocks.stage3: NonLocalGaussian on stage3's 128 channels of 3×3 positions", text);
            // The hooks see each block's input, D of it and its output, which is the stage output the model returns.
            Assert.Contains("seen: stage2 in, stage2 D, stage2 out, stage3 in, stage3 D, stage3 out, stage1, stage2, stage3, prediction", text);
            Assert.Contains("each block's output is the model's own stage output: True", text);

            // PGD-10 with the whole budget on every image: softmax loses (almost) everything, the two PGD-trained keep some.
            var attacked = Regex.Matches(text, @"(\S+) +right on +(\d+) of 64 clean images, +(\d+) under its own PGD-10;")
                .ToDictionary(m => m.Groups[1].Value, m => (Clean: int.Parse(m.Groups[2].Value), Attacked: int.Parse(m.Groups[3].Value)));
            Assert.Equal(["softmax", "adv-pgd", "denoise"], attacked.Keys);
            Assert.True(attacked["softmax"].Attacked <= 3, $"softmax keeps {attacked["softmax"].Attacked}");
            Assert.All(attacked.Values.Skip(1), a => Assert.InRange(a.Attacked, 10, a.Clean));

            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            // The seed article's figure: two images × (clean, adversarial, difference) × (image + 3 channels before + 3 after).
            Assert.Equal(42, Traces(figures[0]).Count);
            Assert.All(Traces(figures[0]), t => Assert.Equal("image", (string?)t["type"]));
            var captions = figures[0]["layout"]!["annotations"]!.AsArray().Select(a => (string)a!["text"]!).ToList();
            Assert.Equal(42, captions.Count);
            Assert.Equal(18, captions.Count(c => Regex.IsMatch(c, @"^ch \d+, before<br>")));
            Assert.Equal(18, captions.Count(c => Regex.IsMatch(c, @"^ch \d+, after<br>")));
            // the first image is one PGD-10 turns wrong, the second one it leaves right; both right when clean
            var attackedCaptions = captions.Where(c => c.StartsWith("PGD-10<br>", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, attackedCaptions.Count);
            Assert.EndsWith("✗", attackedCaptions[0]);
            Assert.EndsWith("✓", attackedCaptions[1]);
            Assert.All(captions.Where(c => c.StartsWith("clean<br>", StringComparison.Ordinal)), c => Assert.EndsWith("✓", c));

            // How large the perturbation is against the clean signal, layer by layer.
            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(4, tables.Count);
            Assert.Equal(["model", "features", "pixels", "stage1", "stage2", "stage3"], Header(tables[0]));
            var change = Rows(tables[0]);
            Assert.Equal([["softmax", "stage outputs"], ["adv-pgd", "stage outputs"], ["denoise", "before the block"],
                ["denoise", "D(x) alone"], ["denoise", "after the block"]], change.Select(r => r[..2]));
            Assert.All(change[3..], r => Assert.Equal("", r[3]));
            double C(int row, string column) => Number(change[row][Header(tables[0]).IndexOf(column)]);
            // softmax: about a fifth in the pixels, a third at stage1, about half at stage2, more than half at stage3
            Assert.InRange(C(0, "pixels"), 0.15, 0.3);
            Assert.InRange(C(0, "stage1"), 0.27, 0.42);
            Assert.InRange(C(0, "stage2"), 0.4, 0.6);
            Assert.True(C(0, "stage3") > 0.5);
            Assert.True(C(0, "stage1") < C(0, "stage2") && C(0, "stage2") < C(0, "stage3"));
            foreach (var row in new[] { 1, 2 })
            {
                // adversarial training: shrinking with depth, a fraction of the plain network's at stage2 and stage3
                Assert.True(C(row, "stage1") > C(row, "stage2") && C(row, "stage2") > C(row, "stage3"), change[row][0]);
                Assert.All(new[] { "stage2", "stage3" }, s => Assert.True(C(row, s) < 0.6 * C(0, s), $"{change[row][0]} {s}"));
            }
            foreach (var s in new[] { "stage2", "stage3" })
            {
                Assert.True(Math.Abs(C(4, s) / C(2, s) - 1) < 0.01, $"after {C(4, s)} vs before {C(2, s)} the block at {s}");
                Assert.True(C(3, s) < 0.85 * C(2, s), $"D(x) {C(3, s)} vs its input {C(2, s)} at {s}");
                Assert.True(C(4, s) > C(1, s), $"denoise {C(4, s)} vs adv-pgd {C(1, s)} at {s}");
            }
            Assert.True(C(2, "stage1") > C(1, "stage1"));
            Assert.Contains("from stage1 to stage3: softmax grows True, adv-pgd shrinks True, denoise shrinks True", text);
            // the curves are the table's numbers, the last one dashed over the one before it
            var curves = Traces(figures[1]);
            Assert.Equal(["softmax", "adv-pgd", "denoise, before its blocks", "denoise, after its blocks"], curves.Select(t => (string)t["name"]!));
            Assert.All(curves, t => Assert.Equal(["pixels", "stage1", "stage2", "stage3"], t["x"]!.AsArray().Select(v => (string)v!)));
            Assert.All(curves.Select((t, i) => (t, Row: new[] { 0, 1, 2, 4 }[i])), c =>
                Assert.Equal(C(c.Row, "stage3"), (double)c.t["y"]![3]!, 3));
            Assert.Equal("dash", (string?)curves[3]["line"]?["dash"]);
            Assert.StartsWith("mean |f(x′) − f(x)|", (string?)figures[1]["layout"]!["yaxis"]!["title"]!["text"]);

            // A fresh block is exactly the identity; the trained ones are close to it.
            Assert.Contains("a fresh block: max |block(x) − x| = 0 in training mode, 0 in evaluation mode", text);
            Assert.True(Find(@"differs from x by up to ([\d.]+)\)") > 1);
            foreach (var stage in new[] { "stage2", "stage3" })
            {
                var block = text[text.IndexOf($"stage_blocks.{stage}: mean |γ|", StringComparison.Ordinal)..];
                Assert.InRange(Number(Regex.Match(block, @"mean \|γ\| ([\d.]+)").Groups[1].Value), 0.001, 0.02);
                var theta = Regex.Match(block, @"mean \|w\| of θ ([\d.]+), of φ ([\d.]+) \(([\d.]+) expected");
                Assert.All(new[] { 1, 2 }, g => Assert.InRange(Number(theta.Groups[g].Value) / Number(theta.Groups[3].Value), 0.9, 1.1));
                Assert.InRange(Number(Regex.Match(block, @"plain average over all positions to ([\d.]+) %").Groups[1].Value), 0, 3);
                Assert.InRange(Number(Regex.Match(block, @"mean \|block\(x\) − x\| / mean \|x\| = ([\d.]+)").Groups[1].Value), 0.003, 0.03);
            }
            // Switched off, the blocks change nothing the lesson can see: the same counts, a few answers.
            var on = Regex.Match(text, @"blocks on: +right on +(\d+) of 64 clean images, +(\d+) under");
            var off = Regex.Match(text, @"blocks off: right on +(\d+) of 64 clean images, +(\d+) under");
            Assert.Equal(attacked["denoise"], (int.Parse(on.Groups[1].Value), int.Parse(on.Groups[2].Value)));
            Assert.Equal(on.Groups[1].Value, off.Groups[1].Value);
            Assert.Equal(on.Groups[2].Value, off.Groups[2].Value);
            Assert.InRange(Find(@"answer differently on (\d+) of the 64 clean images"), 0, 4);

            // Robustness: both protocols on the same 64 images.
            Assert.Equal(["model", "clean", "paper_worst", "strong_worst", "flags"], Header(tables[1]));
            var verdicts = Rows(tables[1]).ToDictionary(r => r[0]);
            Assert.Equal(["softmax", "adv-pgd", "denoise"], verdicts.Keys);
            double V(string model, string column) => Number(verdicts[model][Header(tables[1]).IndexOf(column)]);
            var header = Header(tables[2]);
            Assert.Equal(["model", "ε", "images", "clean", "FGSM", "BIM-10", "PGD-10", "paper worst case", "APGD-CE", "APGD-T3",
                "strong worst case", "gap (points)"], header);
            var rows = Rows(tables[2]).ToDictionary(r => r[0]);
            double P(string model, string column) => Number(rows[model][header.IndexOf(column)]);
            foreach (var m in verdicts.Keys)
            {
                Assert.Equal(["0.1", "64"], rows[m][1..3]);
                Assert.Equal((V(m, "clean"), V(m, "paper_worst"), V(m, "strong_worst")), (P(m, "clean"), P(m, "paper worst case"), P(m, "strong worst case")));
                Assert.All(header[4..^1], c => Assert.True(P(m, c) <= P(m, "clean"), $"{m} {c}"));
                Assert.True(P(m, "paper worst case") <= new[] { "FGSM", "BIM-10", "PGD-10" }.Min(c => P(m, c)), m);
                Assert.Equal(Math.Min(P(m, "APGD-CE"), P(m, "APGD-T3")), P(m, "strong worst case"));
            }
            // softmax keeps almost nothing under an iterative attack; the PGD-trained keep a real share under the strong protocol
            Assert.All(new[] { "BIM-10", "PGD-10", "APGD-CE", "strong worst case" }, c => Assert.True(P("softmax", c) <= 10, c));
            Assert.All(new[] { "adv-pgd", "denoise" }, m => Assert.True(V(m, "strong_worst") > 20, m));
            // denoise ahead of adv-pgd in clean accuracy and both worst cases (by at least two images in each)
            Assert.True(V("denoise", "clean") - V("adv-pgd", "clean") >= 10);
            Assert.True(V("denoise", "paper_worst") - V("adv-pgd", "paper_worst") >= 3);
            Assert.True(V("denoise", "strong_worst") - V("adv-pgd", "strong_worst") >= 3);
            Assert.Matches(@"strong worst case +adv-pgd +[\d.]+ % +denoise +[\d.]+ % +denoise − adv-pgd +\+[\d.]+ points", text);
            // a similar share of what each gets right survives; the clipped run moved about half as far from softmax
            var survive = new[] { "adv-pgd", "denoise" }.Select(m => Find($@"{m}: (\d+) % of the images it gets right survive")).ToList();
            Assert.InRange(survive[0] - survive[1], -10, 10);
            Assert.Equal(Math.Round(100 * V("denoise", "strong_worst") / V("denoise", "clean")), survive[1]);
            var moved = Regex.Match(text, @"relative to their size: adv-pgd ([\d.]+), denoise ([\d.]+)");
            Assert.InRange(Number(moved.Groups[2].Value) / Number(moved.Groups[1].Value), 0.3, 0.65);

            // The flags, as the verdict table lists them per model.
            Assert.Equal(["flag", "model", "what_it_means", "evidence"], Header(tables[3]));
            var flags = Rows(tables[3]);
            foreach (var m in verdicts.Keys)
                Assert.Equal(verdicts[m][4], string.Join(", ", flags.Where(f => f[1] == m).Select(f => f[0]).Distinct()));

            // One progress display per long cell, each run to its end.
            var bars = outputs.Where(o => (string?)o["output_type"] == "display_data" && Text(o["data"]?["text/html"]).Contains("rnb-progress"))
                .Select(o => Text(o["data"]?["text/plain"])).ToList();
            Assert.Equal(["PGD-10 on 3 models", "PGD-10 on denoise with its blocks off", "eval on Fashion-MNIST"], bars.Select(b => b[..b.IndexOf(':')]));
            Assert.All(bars, b => Assert.Contains("(100%); done in", b));
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

            // The cells' recipes are the zoo's: quick mode's token runs differ from them only in length.
            Assert.Contains("the recipe of the zoo's softmax-2d: True", text);
            Assert.Contains("the recipe of the zoo's pcl-2d: True", text);

            // The history of the zoo's models (quick mode): 4 epochs of softmax-2d, 3 of pcl-2d, with the
            // columns the text talks about.
            Assert.Contains("the history of the zoo's softmax-2d and pcl-2d", text);
            var table = Assert.Single(outputs.Select(TableHtml).OfType<string>());
            Assert.Equal(7, BodyRows(table));
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
            // Ten classes, each listed once in the legend for both pictures.
            Assert.Equal(10, Traces(figure).Count(t => (bool?)t["showlegend"] != false));

            // What the take-aways claim, on the zoo's models: clean accuracy within two points, PCL's
            // penultimate intra/inter ratio a fraction of softmax's, nearest prototype about as accurate.
            Assert.Contains("on 1,000 test images:", text);
            var softmax = Regex.Match(text, @"softmax: test accuracy ([\d.]+) %, intra/inter ([\d.]+)");
            var pcl = Regex.Match(text, @"PCL: +test accuracy ([\d.]+) %, nearest prototype ([\d.]+) %, intra/inter ([\d.]+)");
            Assert.True(softmax.Success && pcl.Success, "the accuracy lines");
            double G(Match m, int k) => double.Parse(m.Groups[k].Value, CultureInfo.InvariantCulture);
            Assert.InRange(G(softmax, 1) - G(pcl, 1), -2, 2);
            Assert.True(G(pcl, 3) < G(softmax, 2) / 2, $"ratio {G(pcl, 3)} vs {G(softmax, 2)}");
            Assert.InRange(G(pcl, 2) - G(pcl, 1), -2, 2);
        },
        ["03-replicating-the-tables.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            Assert.Contains("quick mode: ε 0.1, the paper's protocol on 100 images, the strong one on 32 with Square at 1,000 queries", text);
            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(4, tables.Count);
            string[] models = ["softmax", "pcl", "pcl-advtrain"];

            // The four zoo models with their provenance.
            Assert.Equal(["model", "row", "loss", "adversarial_training", "starts_from", "epochs", "test_accuracy", "train_minutes", "weights_sha256"], Header(tables[0]));
            Assert.Equal(["softmax", "pcl", "pcl-advtrain", "substitute"], Rows(tables[0]).Select(r => r[0]));
            Assert.Equal(["0.9204", "0.9186", "0.7081", "0.9113"], Rows(tables[0]).Select(r => r[6]));
            Assert.Matches(@"pcl-advtrain, trained at commit [0-9a-f]{7} by\n  \./robustnb train .*--loss pcl --adv pgd", text);

            // The paper's table: one row per model on 100 images, every attack alone, then the worst case.
            Assert.Equal(["ε", "model", "row", "images", "clean", "FGSM", "BIM-10", "MIM-10", "PGD-10", "PGD-20", "BIM-10 from substitute", "worst case"], Header(tables[1]));
            var paper = Rows(tables[1]).ToDictionary(r => r[1]);
            Assert.Equal(models, paper.Keys);
            Assert.Equal(["Softmax", "Ours (PCL)", "Ours + AdvTrain"], paper.Values.Select(r => r[2]));
            Assert.All(paper.Values, r => Assert.Equal(["0.1", "100"], new[] { r[0], r[3] }));
            double P(string model, string column) => double.Parse(paper[model][Header(tables[1]).IndexOf(column)], CultureInfo.InvariantCulture);
            var attacks = Header(tables[1])[5..^1];
            foreach (var m in models)
            {
                Assert.All(attacks, a => Assert.True(P(m, a) <= P(m, "clean"), $"{m} {a}"));
                Assert.All(attacks, a => Assert.True(P(m, "worst case") <= P(m, a), $"{m} worst case above {a}"));
                // The black-box column is the weakest attack of every row.
                Assert.All(attacks[..^1], a => Assert.True(P(m, "BIM-10 from substitute") > P(m, a) + 5, $"{m}: transfer vs {a}"));
            }
            Assert.InRange(P("softmax", "clean"), 85, 97);
            Assert.InRange(P("pcl-advtrain", "clean"), 60, 80);
            // PCL alone gains little: more standing after FGSM, but the iterative attacks take nearly all of
            // both, and the worst cases are within a few points. Adversarial training keeps most of its images.
            Assert.True(P("pcl", "FGSM") > P("softmax", "FGSM") + 5);
            Assert.All(new[] { "softmax", "pcl" }, m => Assert.All(new[] { "BIM-10", "MIM-10", "worst case" }, a => Assert.True(P(m, a) < 15, $"{m} {a}")));
            Assert.InRange(P("pcl", "worst case") - P("softmax", "worst case"), -5, 5);
            Assert.True(P("pcl-advtrain", "worst case") > P("pcl-advtrain", "clean") / 2);
            // PGD-10 had not converged: twice the steps break more.
            Assert.All(new[] { "softmax", "pcl" }, m => Assert.True(P(m, "PGD-20") < P(m, "PGD-10") - 3, m));
            Assert.Matches(@"PCL's worst case minus softmax's: [+-]?\d+\.\d points", text);

            // The strong protocol's cascade on 32 images beside the paper's worst case on the same images.
            var gapHeader = Header(tables[2]);
            Assert.Equal(["ε", "model", "images", "clean", "paper worst case", "APGD-CE", "APGD-T9", "APGD-PROTOTYPE", "APGD-DLR+PROTOTYPE", "Square-1000", "APGD-CEx2", "strong worst case", "gap (points)"], gapHeader);
            var strong = Rows(tables[2]).ToDictionary(r => r[1]);
            Assert.Equal(models, strong.Keys);
            Assert.All(strong.Values, r => Assert.Equal("32", r[2]));
            double? S(string model, string column) => strong[model][gapHeader.IndexOf(column)] is { Length: > 0 } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;
            Assert.Null(S("softmax", "APGD-PROTOTYPE"));   // the adaptive attacks run on the PCL models only
            Assert.NotNull(S("pcl", "APGD-PROTOTYPE"));
            foreach (var m in models)
            {
                var cascade = gapHeader[5..^2].Prepend("clean").Select(c => S(m, c)).OfType<double>().ToList();
                Assert.True(cascade.Zip(cascade.Skip(1)).All(p => p.Second <= p.First), $"{m}: {string.Join(", ", cascade)}");
                Assert.Equal(cascade[^1], S(m, "strong worst case"));
                Assert.True(S(m, "strong worst case") <= S(m, "paper worst case"), m);
                Assert.Equal(Math.Round(S(m, "paper worst case")!.Value - S(m, "strong worst case")!.Value, 1), S(m, "gap (points)")!.Value, 1);
            }
            // Nothing left for the strong protocol on the undefended models; far more found on the adversarially
            // trained one, by APGD-CE alone already; and it still keeps more than softmax.
            Assert.All(new[] { "softmax", "pcl" }, m => Assert.True(S(m, "APGD-CE") < 5, m));
            Assert.True(S("pcl-advtrain", "APGD-CE") < S("pcl-advtrain", "paper worst case"));
            Assert.True(S("pcl-advtrain", "gap (points)") > 10);
            Assert.True(S("pcl-advtrain", "strong worst case") > S("softmax", "strong worst case") + 10);
            Assert.Contains("strong worst case ≤ paper's worst case for every model: True", text);

            // The audit: PGD-10 not converged on the undefended models, the paper-strong gap on the adversarially
            // trained one alone, and nothing on the strong protocol (Square finds nothing the gradients missed).
            Assert.Equal(["flag", "model", "eps", "what_it_means", "evidence"], Header(tables[3]));
            var flags = Rows(tables[3]);
            Assert.All(new[] { "softmax", "pcl" }, m => Assert.Contains(flags, f => f[0] == "not-converged" && f[1] == m && f[3].StartsWith("PGD-20")));
            Assert.Equal(["pcl-advtrain"], flags.Where(f => f[0] == "paper-strong-gap").Select(f => f[1]));
            Assert.DoesNotContain(flags, f => f[0] == "black-box-stronger-than-white-box");
            Assert.DoesNotContain(flags, f => f[3].Contains("(strong,"));

            // Paper worst against strong worst, beside clean accuracy: three named series over the three rows,
            // the table's numbers.
            var figure = Assert.Single(outputs.Select(PlotlyFigure).OfType<JsonObject>());
            var series = Traces(figure).ToDictionary(t => (string)t["name"]!);
            Assert.Equal(["clean", "paper's protocol, worst case", "strong protocol, worst case"], series.Keys);
            Assert.All(series.Values, t => Assert.Equal("bar", (string?)t["type"]));
            Assert.All(series.Values, t => Assert.Equal(["Softmax", "Ours (PCL)", "Ours + AdvTrain"], t["x"]!.AsArray().Select(v => (string)v!)));
            double[] Ys(string name) => series[name]["y"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.Equal(models.Select(m => S(m, "clean")!.Value / 100), Ys("clean"), (a, b) => Math.Abs(a - b) < 1e-3);
            Assert.Equal(models.Select(m => S(m, "paper worst case")!.Value / 100), Ys("paper's protocol, worst case"), (a, b) => Math.Abs(a - b) < 1e-3);
            Assert.Equal(models.Select(m => S(m, "strong worst case")!.Value / 100), Ys("strong protocol, worst case"), (a, b) => Math.Abs(a - b) < 1e-3);
            Assert.Equal("model (the paper's row)", (string?)figure["layout"]!["xaxis"]!["title"]!["text"]);
            Assert.Equal("accuracy", (string?)figure["layout"]!["yaxis"]!["title"]!["text"]);
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
        ["09-the-audit.ipynb"] = outputs =>
        {
            var text = StreamText(outputs);
            string[] models = ["softmax", "pcl", "pcl-advtrain", "softmax[jpeg:75]"];
            Assert.Contains("quick mode: 4 models on the first 32 test images at ε 0.1, device cpu", text);
            var tables = outputs.Select(TableHtml).OfType<string>().ToList();
            Assert.Equal(3, tables.Count);

            // The verdicts: each model's clean accuracy, its worst case under each protocol and the gap between them.
            Assert.Equal(["model", "role", "clean", "paper_worst", "strong_worst", "gap_points", "flags"], Header(tables[0]));
            var verdicts = Rows(tables[0]).ToDictionary(r => r[0]);
            Assert.Equal(models, verdicts.Keys);
            Assert.Equal(["main", "main", "main", "input transformation"], verdicts.Values.Select(r => r[1]));
            double V(string model, int column) => Number(verdicts[model][column]);
            foreach (var m in models)
            {
                Assert.True(V(m, 4) <= V(m, 3) && V(m, 3) <= V(m, 2), m);
                Assert.Equal(Math.Round(V(m, 3) - V(m, 4), 1), V(m, 5), 1);
            }
            // The lesson's claims. JPEG: the paper's white-box attacks move nothing (checked on their columns below),
            // the transfer from the substitute does, BPDA takes everything, the largest gap, and the flags. PCL alone
            // and softmax: nothing left under the strong protocol. PCL + adversarial training: a real share kept,
            // fewer points than the paper credits.
            Assert.True(V("softmax[jpeg:75]", 3) < V("softmax[jpeg:75]", 2));
            Assert.True(V("softmax[jpeg:75]", 4) <= 5);
            Assert.Equal("softmax[jpeg:75]", models.MaxBy(m => V(m, 5)));
            Assert.Contains("zero-or-non-finite-gradients", verdicts["softmax[jpeg:75]"][6]);
            Assert.Contains("paper-strong-gap", verdicts["softmax[jpeg:75]"][6]);
            Assert.Contains("black-box-stronger-than-white-box", verdicts["softmax[jpeg:75]"][6]);
            Assert.All(new[] { "softmax", "pcl" }, m => Assert.True(V(m, 4) <= 5, m));
            Assert.True(V("pcl-advtrain", 4) > 20 && V("pcl-advtrain", 4) < V("pcl-advtrain", 3), $"pcl-advtrain {V("pcl-advtrain", 3)} / {V("pcl-advtrain", 4)}");

            // Every attack of both protocols, the quick budget named; the official PGD-10 above BIM-10 and PGD-20
            // for every model with a gradient, as the text says.
            var header = Header(tables[1]);
            Assert.Equal(["model", "ε", "images", "clean", "FGSM", "BIM-10", "PGD-10", "PGD-20", "BIM-10 from substitute", "paper worst case",
                "APGD-CE", "APGD-T3", "APGD-PROTOTYPE", "APGD-DLR+PROTOTYPE", "Square-500", "APGD-CEx2", "strong worst case", "gap (points)"], header);
            var summary = Rows(tables[1]).ToDictionary(r => r[0]);
            Assert.Equal(models, summary.Keys);
            Assert.All(summary.Values, r => Assert.Equal(["0.1", "32"], r[1..3]));
            double S(string model, string column) => Number(summary[model][header.IndexOf(column)]);
            Assert.All(models[..3], m => Assert.True(S(m, "PGD-10") > Math.Max(S(m, "BIM-10"), S(m, "PGD-20")), m));
            Assert.All(models, m => Assert.Equal(V(m, 4), S(m, "strong worst case")));
            Assert.All(new[] { "FGSM", "BIM-10", "PGD-10", "PGD-20" }, c => Assert.Equal(S("softmax[jpeg:75]", "clean"), S("softmax[jpeg:75]", c)));
            Assert.Equal(S("softmax[jpeg:75]", "BIM-10 from substitute"), S("softmax[jpeg:75]", "paper worst case"));

            // The flags, with their evidence, and the gradient check: only the JPEG model is blind.
            Assert.Equal(["flag", "model", "what_it_means", "evidence"], Header(tables[2]));
            Assert.Contains(Rows(tables[2]), r => r[0] == "zero-or-non-finite-gradients" && r[1] == "softmax[jpeg:75]");
            Assert.DoesNotContain(Rows(tables[2]), r => r[0] == "zero-or-non-finite-gradients" && r[1] != "softmax[jpeg:75]");
            Assert.Matches(@"softmax\[jpeg:75\] +input gradient exactly zero on 32 \(cross-entropy\) and 32 \(margin\) of 32 images", text);
            Assert.All(models[..3], m => Assert.Matches($@"{m} +input gradient exactly zero on 0 \(cross-entropy\) and 0 \(margin\) of 32 images, not finite on 0", text));

            // The bars: both protocols' worst cases per model, the largest gap first; the ladder: the paper's three
            // models over six attacks, its last rung the strong worst case.
            var figures = outputs.Select(PlotlyFigure).OfType<JsonObject>().ToList();
            Assert.Equal(2, figures.Count);
            var bars = Traces(figures[0]);
            Assert.Equal(["paper's protocol, worst case", "strong protocol, worst case"], bars.Select(t => (string)t["name"]!));
            Assert.All(bars, t => Assert.Equal("softmax[jpeg:75]", (string)t["x"]![0]!));
            Assert.All(bars, t => Assert.Equal(4, t["x"]!.AsArray().Count));
            var ladder = Traces(figures[1]).ToDictionary(t => (string)t["name"]!, t => t["y"]!.AsArray().Select(v => (double)v!).ToArray());
            Assert.Equal(models[..3], ladder.Keys);
            Assert.All(ladder, l => Assert.Equal(6, l.Value.Length));
            Assert.All(ladder, l => Assert.True(Math.Abs(V(l.Key, 4) / 100 - l.Value[^1]) <= 0.0005 + 1e-9, $"{l.Key}: {l.Value[^1]} against {V(l.Key, 4)} %"));
            Assert.Contains("the official PGD-10 (step 2/255) can move a pixel by at most 0.078, short of ε = 0.1", text);
        },
    };

    /// <summary>A number as a lesson prints it (invariant culture).</summary>
    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

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
