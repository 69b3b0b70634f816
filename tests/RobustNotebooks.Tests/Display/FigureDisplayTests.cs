using Microsoft.DotNet.Interactive.Formatting;
using RobustNotebooks.Kernel.Display;
using System.Text.Json.Nodes;
using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

public class FigureDisplayTests
{
    [Fact]
    public void Bundle_has_plotly_json_html_and_text_with_html_preferred()
    {
        PlotlyJs.Locate(); // fails with setup instructions when node_modules is missing
        var fig = Figure.Scatter(new[] { 1, 2 }, new[] { 3, 4 }, name: "pts");
        var bundle = MimeBundleBuilder.Build(fig);
        Assert.Equal([MimeTypes.Html, MimeTypes.PlotlyJson, MimeTypes.PlainText], bundle.Select(kv => kv.Key));
        var plotly = JsonNode.Parse(fig.ToDisplayString(MimeTypes.PlotlyJson))!;
        Assert.Equal("scatter", (string?)plotly["data"]![0]!["type"]);
        Assert.Contains("scatter \"pts\", 2 points", (string?)bundle[MimeTypes.PlainText]);
    }

    [Fact]
    public void Plotly_js_is_inlined_once_per_session_and_guarded()
    {
        var script = File.ReadAllText(PlotlyJs.Locate());
        var fig = Figure.Line(new[] { 1, 2 }, new[] { 3, 4 });
        PlotlyJs.ResetSession();
        try
        {
            var first = fig.ToHtml();
            var second = fig.ToHtml();
            Assert.True(first.Length > script.Length, "the first output must carry plotly.js");
            Assert.Contains("if (typeof window.Plotly === 'undefined') {", first);
            Assert.True(second.Length < 10_000, $"later outputs must not repeat plotly.js ({second.Length} chars)");
            Assert.Contains("window.Plotly.newPlot", second);
            Assert.True(PlotlyJs.InlinedThisSession);
        }
        finally
        {
            PlotlyJs.ResetSession();
        }
    }

    [Fact]
    public void Missing_plotly_js_gives_an_error_naming_the_variable_and_the_package()
    {
        var saved = Environment.GetEnvironmentVariable(PlotlyJs.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, "/nonexistent/plotly.min.js");
            var e = Assert.Throws<FileNotFoundException>(PlotlyJs.Locate);
            Assert.Contains(PlotlyJs.EnvironmentVariable, e.Message);
            Assert.Throws<FileNotFoundException>(() => Figure.Line(new[] { 1 }, new[] { 1 }).ToStandaloneHtml());
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, saved);
        }
    }
}
