using System.Text.Json.Nodes;
using RobustNotebooks.Cli;
using RobustNotebooks.Data;
using Xunit.Abstractions;

namespace RobustNotebooks.Tests.Notebooks;

/// <summary>Runs the lessons in notebooks/ in quick mode, as CI does, through <c>robustnb notebooks run</c>.
/// The lessons reference the Release build of the library, which scripts/test.sh builds.</summary>
public class LessonNotebookTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("robustnb-lessons-").FullName;
    private static readonly string Repository = DataRoot.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found");

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private JsonNode Run(string notebook)
    {
        var library = Path.Combine(Repository, "lib", "RobustNotebooks.Cli", "bin", "Release", "net10.0", "RobustNotebooks.dll");
        Assert.True(File.Exists(library), $"{library} is missing: the lessons #r the Release build (scripts/test.sh builds it)");
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int exit;
        try
        {
            exit = RobustnbCli.Run(["notebooks", "run", Path.Combine(Repository, "notebooks", notebook), "--param", "quick=true", "--out", _out]);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            output.WriteLine(stdout.ToString());
            output.WriteLine(stderr.ToString());
        }
        Assert.True(exit == 0, $"{notebook} failed:\n{stderr}");
        Assert.True(File.Exists(Path.Combine(_out, Path.ChangeExtension(notebook, ".html"))));
        return JsonNode.Parse(File.ReadAllText(Path.Combine(_out, notebook)))!;
    }

    private static IEnumerable<JsonNode> Outputs(JsonNode notebook) =>
        notebook["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!);

    [Fact]
    public void PrototypeConformityLossLessonRunsAndShowsItsTableAndFeaturePicture()
    {
        var executed = Run("01-prototype-conformity-loss.ipynb");
        var outputs = Outputs(executed).ToList();
        var text = string.Concat(outputs.Where(o => (string?)o["output_type"] == "stream").Select(o => o["text"] is JsonArray a ? string.Concat(a.Select(l => (string?)l)) : (string?)o["text"]));
        Assert.Contains("epoch 1: lr=0.01", text);
        Assert.Contains("penultimate/proximity=", text);
        Assert.Contains("nearest prototype", text);

        var table = outputs.Single(o => (string?)o["output_type"] == "execute_result")["data"]!;
        var html = table["text/html"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)table["text/html"];
        Assert.Contains("<table", html);
        Assert.Contains("pcl", html);

        var figure = outputs.Single(o => (string?)o["output_type"] == "display_data")["data"]!;
        var plotly = Assert.IsType<JsonObject>(figure["application/vnd.plotly.v1+json"]);
        var traces = plotly["data"]!.AsArray();
        Assert.Equal(20, traces.Count); // ten classes, two models
        Assert.All(traces, t => Assert.Equal("scatter", (string?)t!["type"]));
    }
}
