using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RobustNotebooks.Display;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Replication;
using RobustNotebooks.Tests.Cli;
using RobustNotebooks.Tests.Display;
using RobustNotebooks.Training;
using RobustNotebooks.Zoo;

namespace RobustNotebooks.Tests.Replication;

/// <summary><c>replicate --quick</c> end to end on a tiny zoo (softmax, PCL from it, a substitute, a 2-D
/// softmax and PCL pair for the feature picture, and a defense that was never trained), on the first 40
/// Fashion-MNIST test images.</summary>
public class ReplicateTests : IClassFixture<ReplicateTests.TinyZoo>
{
    private static readonly string[] Tiny = ["--dataset", "fmnist", "--model", "lenetpp", "--limit", "64", "--batch-size", "32", "--embedding-dim", "8", "--epochs", "1"];
    private static readonly string[] Tiny2D = ["--dataset", "fmnist", "--model", "lenetpp2d", "--limit", "64", "--batch-size", "32", "--epochs", "1"];

    /// <summary>Trains the tiny zoo once and runs the replication twice with the same seed.</summary>
    public sealed class TinyZoo : IDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("robustnb-replicate-").FullName;
        public string Root => Path.Combine(Directory, "zoo");
        public CapturedRun First { get; }
        public CapturedRun Second { get; }
        public string FirstOut => Path.Combine(Directory, "first");
        public string SecondOut => Path.Combine(Directory, "second");

        public TinyZoo()
        {
            var manifest = new ZooManifest(ZooManifest.CurrentFormat, "fmnist", 10_000_000, 64,
            [
                new ZooModel("tiny-softmax", ZooRole.Main, "Softmax", "tiny softmax", null, [.. Tiny, "--loss", "softmax", "--seed", "4"], 4, 1),
                new ZooModel("tiny-pcl", ZooRole.Main, "Ours (PCL)", "tiny PCL", "tiny-softmax", [.. Tiny, "--loss", "pcl", "--seed", "4"], 4, 1),
                new ZooModel("tiny-substitute", ZooRole.Substitute, "Substitute", "tiny substitute", null, [.. Tiny, "--loss", "softmax", "--seed", "5"], 5, 1),
                new ZooModel("never-trained", ZooRole.Defense, "FGSM mixed", "listed, never trained", null, [.. Tiny, "--loss", "softmax", "--seed", "6"], 6, 1),
                new ZooModel("ablation-never", ZooRole.Ablation, "CE + proximity", "listed, never trained", "tiny-softmax", [.. Tiny, "--loss", "pcl", "--seed", "7"], 7, 1),
                new ZooModel("tiny-softmax-2d", ZooRole.Picture, "Softmax (2-D)", "tiny 2-D softmax", null, [.. Tiny2D, "--loss", "softmax", "--seed", "8"], 8, 1),
                new ZooModel("tiny-pcl-2d", ZooRole.Picture, "PCL (2-D)", "tiny 2-D PCL", "tiny-softmax-2d", [.. Tiny2D, "--loss", "pcl", "--seed", "8"], 8, 1),
            ]);
            System.IO.Directory.CreateDirectory(Path.Combine(Root, "fmnist"));
            manifest.Save(Path.Combine(Root, "fmnist", ZooManifest.FileName));
            foreach (var name in new[] { "tiny-softmax", "tiny-pcl", "tiny-substitute", "tiny-softmax-2d", "tiny-pcl-2d" })
            {
                var run = CapturedRun.Of("zoo", "train", name, "--zoo", Root, "--out", Path.Combine(Directory, "runs", name));
                if (run.Exit != 0) throw new InvalidOperationException(run.ToString());
            }
            First = Replicate(FirstOut, "--defenses");
            Second = Replicate(SecondOut);
        }

        // ε: quick mode's, the data set's first (0.1). The second run leaves the defenses out; the only one
        // of the tiny zoo is never trained, so both runs have the same rows.
        private CapturedRun Replicate(string output, params string[] more) =>
            CapturedRun.Of(["replicate", "--zoo", Root, "--quick", "--limit", "40", "--seed", "3", "--out", output, .. more]);

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    private readonly TinyZoo _zoo;

    public ReplicateTests(TinyZoo zoo) => _zoo = zoo;

    [Fact]
    public void TheConsoleShowsProgressTheTableAndTheMissingModels()
    {
        var run = _zoo.First;
        Assert.True(run.Exit == 0, run.ToString());
        // The evaluator's progress lines go to stderr, its results to stdout.
        Assert.Contains("test images, ε 0.1, ", run.Out); // without --eps: the data set's first ε in quick mode
        Assert.Contains("eval on fashion-mnist: ", run.Err);
        Assert.Contains("batches", run.Err);
        Assert.DoesNotContain("batches/s", run.Out);
        Assert.Matches(@"tiny-pcl\s+\d+\.\d", run.Out);
        Assert.Contains("MISSING never-trained", run.Out);
        Assert.Contains("never-trained          MISSING", run.Out);
        Assert.Contains("missing models (2): never-trained, ablation-never", run.Out);
        Assert.Contains("strong protocol worst case (reduced budget)", run.Out);

        var without = _zoo.Second;
        Assert.True(without.Exit == 0, without.ToString());
        Assert.Contains("left out: 1 zoo model(s) of the seed article's defenses (add --defenses", without.Out);
        Assert.DoesNotContain("never-trained", without.Out);
        Assert.Contains("missing models (1): ablation-never", without.Out);
    }

    [Fact]
    public void ResultsFilesParseCarryProvenanceAndRepeatWithTheSameSeed()
    {
        var csv = EvaluationResults.ReadCsv(Path.Combine(_zoo.FirstOut, EvaluationResults.CsvFile));
        var models = csv.Columns["model"].Cast<string>().ToHashSet();
        Assert.Equal(["tiny-pcl", "tiny-softmax"], models.Order()); // the substitute and the picture models are no table rows
        Assert.Equal(Protocols.Names.Order(), csv.Columns["protocol"].Cast<string>().Distinct().Order());
        Assert.All(csv.Columns["n"].Cast<int>(), n => Assert.Equal(40, n));
        Assert.Contains("BIM-10 from tiny-substitute", csv.Columns["attack"].Cast<string>());
        // By default the strong protocol runs at the reduced budget, and the attack names say so.
        Assert.Equal(["APGD-CE", "APGD-T3", "Square-500"], csv.Columns["attack"].Cast<string>()
            .Where(a => a is "APGD-CE" or "APGD-T3" or "APGD-T9" or "Square-500" or "Square-5000").Distinct().Order());

        var json = EvaluationResults.ReadJson(Path.Combine(_zoo.FirstOut, EvaluationResults.JsonFile));
        var zoo = ModelZoo.Open("fmnist", _zoo.Root);
        foreach (var m in json.Plan.Models)
            Assert.Equal(zoo.Manifest[m.Name].Shipped!.Files["model.safetensors"], m.Sha256);
        Assert.Equal("0-39", json.Plan.SampleRanges);
        Assert.Equal(3, json.Plan.Seed);
        Assert.NotEmpty(json.Run.Versions);
        Assert.All(json.Plan.Models.SelectMany(m => m.Tasks).SelectMany(t => t.Attacks), a => Assert.NotEmpty(a.Settings));

        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(_zoo.FirstOut, ReplicationResult.ProvenanceFile)))!;
        Assert.Matches("^[0-9a-f]{40}(-dirty)?$", (string)provenance["commit"]!);
        Assert.Contains("--quick", (string)provenance["command"]!);
        var never = provenance["models"]!.AsArray().Single(m => (string)m!["name"]! == "never-trained")!;
        Assert.Equal("missing", (string)never["status"]!);
        Assert.Equal("reduced", (string)provenance["strong_budget"]!["name"]!);
        Assert.Equal(25, (int)provenance["strong_budget"]!["iterations"]!);

        // Same seed, same numbers: every row's robust count and the very samples it holds.
        var again = EvaluationResults.ReadJson(Path.Combine(_zoo.SecondOut, EvaluationResults.JsonFile));
        Assert.Equal(json.Rows.Count, again.Rows.Count);
        foreach (var (a, b) in json.Rows.Zip(again.Rows))
            Assert.Equal((a.Model, a.Protocol, a.Attack, a.Eps, a.Robust, a.RobustExamples), (b.Model, b.Protocol, b.Attack, b.Eps, b.Robust, b.RobustExamples));
    }

    [Fact]
    public void TrainTrainsWhatTheZooLacksIntoTheOutputAndRecordsTheTrainedWeightsAccuracy()
    {
        var output = Path.Combine(_zoo.Directory, "trained");
        var run = CapturedRun.Of("replicate", "--zoo", _zoo.Root, "--quick", "--limit", "40", "--seed", "3", "--train", "--out", output);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.True(!run.Out.Contains("missing models"), run.ToString());

        // The ablation model the zoo lacks is trained from the zoo's softmax into OUT/train, the zoo left as it was.
        var trainedDirectory = Path.Combine(output, "train", "ablation-never");
        var info = RunCheckpoint.ReadInfo(trainedDirectory);
        Assert.Equal(1, info.CompletedEpochs);
        Assert.False(ModelZoo.Open("fmnist", _zoo.Root).IsAvailable("ablation-never"));

        // Its provenance: these weights' hash and their own test accuracy, and no zoo record (it describes other weights).
        var models = JsonNode.Parse(File.ReadAllText(Path.Combine(output, ReplicationResult.ProvenanceFile)))!["models"]!.AsArray();
        JsonNode Model(string name) => models.Single(m => (string)m!["name"]! == name)!;
        var trained = Model("ablation-never");
        Assert.Equal("trained", (string)trained["status"]!);
        Assert.Equal(RunModel.HashFile(Path.Combine(trainedDirectory, RunCheckpoint.ModelFile)), (string)trained["sha256"]!);
        Assert.Equal(info.Metrics[^1].TestAccuracy, (double)trained["test_accuracy"]!);
        Assert.Null(trained["zoo_provenance"]);
        var shipped = ModelZoo.Open("fmnist", _zoo.Root).Manifest["tiny-softmax"].Shipped!;
        Assert.Equal(shipped.TestAccuracy, (double)Model("tiny-softmax")["test_accuracy"]!);
        Assert.NotNull(Model("tiny-softmax")["zoo_provenance"]);

        // The report's models table shows the trained run's accuracy, not the zoo's record of another model.
        var html = File.ReadAllText(Path.Combine(output, ReplicationResult.ReportFile));
        var accuracy = (100 * info.Metrics[^1].TestAccuracy).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches($"<td[^>]*>ablation-never</td>(<td[^>]*>[^<]*</td>)*<td[^>]*>trained for this run</td><td[^>]*>{Regex.Escape(accuracy)}</td>", html);
    }

    [Fact]
    public void TheReportOpensInChromiumWithItsTablesFigureAndFlags()
    {
        var report = Path.Combine(_zoo.FirstOut, ReplicationResult.ReportFile);
        var dom = HeadlessChromium.DumpDom(report);
        foreach (var id in new[] { "summary", "models", "white-box-eps-0_1", "black-box-eps-0_1", "ablation", "feature-space", "audit", "provenance" })
            Assert.Contains($"<section id=\"{id}\"", dom);
        var whiteBox = Regex.Match(dom, "<section id=\"white-box-eps-0_1\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("paper: FGSM", whiteBox);
        Assert.Contains("paper: worst case", whiteBox);
        if (Protocols.Names.Contains(Protocols.Strong)) Assert.Contains("strong: worst case", whiteBox);
        else Assert.Contains("the strong protocol", dom); // named as not available, not silently absent
        Assert.Matches("<td[^>]*>never-trained</td>(<td[^>]*>[^<]*</td>)*<td[^>]*>missing</td>", whiteBox);
        var blackBox = Regex.Match(dom, "<section id=\"black-box-eps-0_1\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("BIM-10 from tiny-substitute", blackBox);
        // The figure was drawn by plotly (offline: the page has no network), with one legend entry per class.
        var figure = Regex.Match(dom, "<section id=\"feature-space\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("data-rendered=\"true\"", figure);
        var legend = Regex.Matches(figure, "class=\"legendtext\"[^>]*>([^<]*)<").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(legend);
        Assert.Equal(legend.Count, legend.Distinct().Count());
        Assert.Equal(2, Regex.Matches(figure, "class=\"x2?title\"").Count); // an x-axis title under each subplot
        // The zoo's 2-D picture models are drawn, as they are (no projection), rather than the 128-D main models.
        Assert.Contains("Softmax (2-D) (tiny-softmax-2d)", figure);
        Assert.Contains("PCL (2-D) (tiny-pcl-2d)", figure);
        Assert.Contains(">feature 1<", figure);

        var png = Path.Combine(_zoo.FirstOut, "report.png");
        HeadlessChromium.Screenshot(report, png, 1400, 2600);
        var pixels = PngImage.Decode(File.ReadAllBytes(png)).Pixels().ToList();
        Assert.True(pixels.Distinct().Count() > 50, "the screenshot has almost no colours: the page looks blank");
        Assert.True(pixels.Count(p => p.R < 200 || p.G < 200 || p.B < 200) > pixels.Count / 200, "the screenshot is nearly all white");
    }
}
