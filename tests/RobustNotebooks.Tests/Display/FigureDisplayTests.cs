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
        var bundle = Formatting.ToMimeBundle(fig);
        Assert.Equal(MimeTypes.Html, bundle.Keys.First());
        Assert.Contains(MimeTypes.PlotlyJson, bundle.Keys);
        Assert.DoesNotContain(MimeTypes.Png, bundle.Keys);
        var plotly = JsonNode.Parse(bundle[MimeTypes.PlotlyJson])!;
        Assert.Equal("scatter", (string?)plotly["data"]![0]!["type"]);
        Assert.Contains("scatter \"pts\", 2 points", bundle[MimeTypes.PlainText]);
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

    [Fact]
    public void Formatter_shape_matches_what_hosts_look_up_by_name()
    {
        var attribute = typeof(Figure).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = ((IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).ToList();
        Assert.NotEmpty(formatters);
        foreach (var formatter in formatters)
        {
            Assert.IsType<string>(formatter.GetType().GetProperty("MimeType")!.GetValue(formatter));
            var format = formatter.GetType().GetMethod("Format")!; // throws if overloaded
            Assert.Equal(typeof(bool), format.ReturnType);
            Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));
        }
    }
}
