using System.Text.Json.Nodes;
using RobustNotebooks.Cli;
using Xunit.Abstractions;

namespace RobustNotebooks.Tests.Notebooks;

/// <summary>End to end through <c>robustnb notebooks run</c>: nbclient drives our kernel process.</summary>
public class NotebooksRunCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-nb-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Err) RunCommand(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int exit = RobustnbCli.Run(["notebooks", .. args]);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            output.WriteLine(stdout.ToString());
            output.WriteLine(stderr.ToString());
        }
    }

    // Registered as a library does it, through .NET Interactive's formatter registry, which cells see without #r.
    private const string ReportType = """
        public record Report(int Total, bool Quick, string Label);
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Report>(
            r => $"<table><tr><td>total={r.Total} quick={r.Quick} label={r.Label}</td></tr></table>", "text/html");
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Report>(
            r => $"{{\"total\": {r.Total}, \"quick\": {(r.Quick ? "true" : "false")}}}", "application/vnd.robustnb.report+json");
        Microsoft.DotNet.Interactive.Formatting.Formatter.SetPreferredMimeTypesFor(typeof(Report), "text/html", "application/vnd.robustnb.report+json");
        display(new Report(total, quick, label));
        """;

    /// <summary>nbformat stores multi-line strings either whole or as a list of lines.</summary>
    private static string Text(JsonNode? node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    private static JsonArray Outputs(JsonNode notebook, int cellIndex) => notebook["cells"]![cellIndex]!["outputs"]!.AsArray();

    /// <summary>The same notebook on both kernels: state across cells, parameters, the notebook's folder as working
    /// directory, #r of a relative path, and a value shown through the formatter registry.</summary>
    [Theory]
    [InlineData("robustnb")]
    [InlineData("dotnet-interactive")]
    public void Multi_cell_notebook_shares_state_takes_parameters_and_displays_rich_values(string kernel)
    {
        NotebookFixtures.WriteGreeterAssembly(Path.Combine(_dir, "Greeter.dll"));
        File.WriteAllText(Path.Combine(_dir, "data.txt"), "from the notebook folder");
        var path = NotebookFixtures.Write(_dir, "demo.ipynb",
            NotebookFixtures.Markdown("# Demo"),
            NotebookFixtures.Code("#!csharp\nvar quick = false;\nvar label = \"default\";", "parameters"),
            NotebookFixtures.Code("using System.IO;\nvar total = 0;\nfor (int i = 1; i <= 4; i++) total += i;\nConsole.WriteLine($\"total={total} read={File.ReadAllText(\"data.txt\")}\");"),
            NotebookFixtures.Code(ReportType),
            NotebookFixtures.Code("#r \"Greeter.dll\"\nFixture.Greeter.Hello(total * 2)"));
        var outDir = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = RunCommand("run", path, "--param", "quick=true", "--param", "label=cli", "--out", outDir, "--kernel", kernel);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("1/1 notebooks succeeded", stdout);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "demo.ipynb")))!;
        var cells = executed["cells"]!.AsArray();
        Assert.Equal(6, cells.Count);
        Assert.Equal("injected-parameters", (string?)cells[2]!["metadata"]!["tags"]![0]);

        var stream = Outputs(executed, 3).Single(o => (string?)o!["output_type"] == "stream");
        Assert.Contains("total=10 read=from the notebook folder", Text(stream!["text"]));

        var display = Outputs(executed, 4).Single(o => (string?)o!["output_type"] == "display_data")!["data"]!;
        Assert.Equal("<table><tr><td>total=10 quick=True label=cli</td></tr></table>", Text(display["text/html"]));
        // Our kernel sends JSON MIME types as JSON; .NET Interactive's sends every formatted value as a string.
        var json = display["application/vnd.robustnb.report+json"] is JsonValue text && kernel == "dotnet-interactive"
            ? JsonNode.Parse((string)text!)!
            : Assert.IsType<JsonObject>(display["application/vnd.robustnb.report+json"]);
        Assert.Equal(10, (int)json["total"]!);
        Assert.True((bool)json["quick"]!);

        var result = Outputs(executed, 5).Single(o => (string?)o!["output_type"] == "execute_result")!["data"]!;
        Assert.Equal("hello x20", Text(result["text/plain"]));

        var report = File.ReadAllText(Path.Combine(outDir, "demo.html"));
        Assert.Contains("total=10 quick=True label=cli", report);
    }

    [Fact]
    public void Failure_in_the_third_code_cell_is_reported_as_cell_3()
    {
        var path = NotebookFixtures.Write(_dir, "broken.ipynb",
            NotebookFixtures.Code("var steps = 1;", "parameters"),
            NotebookFixtures.Markdown("markdown cells are not counted"),
            NotebookFixtures.Code("var doubled = steps * 2;"),
            NotebookFixtures.Code("int unused = 0;\nthrow new InvalidOperationException($\"third cell fails after {doubled} steps\");"),
            NotebookFixtures.Code("Console.WriteLine(\"never runs\");"));
        var outDir = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = RunCommand("run", path, "--param", "steps=2", "--out", outDir, "--no-html");

        Assert.NotEqual(0, exit);
        Assert.Contains("broken.ipynb: code cell 3 failed: InvalidOperationException: third cell fails after 4 steps (cell line 2)", stderr);
        Assert.False(File.Exists(Path.Combine(outDir, "broken.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "broken.ipynb")));
    }
}
