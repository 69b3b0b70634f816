using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using RobustNotebooks.Kernel.Display;

namespace RobustNotebooks.Tests.Kernel;

public class Chart
{
    public override string ToString() => "chart";
}

public sealed class DerivedChart : Chart;

public sealed class Exploding
{
    public override string ToString() => "exploding";
}

public class MimeBundleBuilderTests
{
    static MimeBundleBuilderTests()
    {
        // Registered the way a library does it (and as .NET Interactive reads it).
        Formatter.Register<Chart>(c => $"<div>{c}</div>", "text/html");
        Formatter.Register<Chart>(_ => "{\"data\":[{\"y\":[1,2]}]}", "application/vnd.plotly.v1+json");
        Formatter.SetPreferredMimeTypesFor(typeof(Chart), "text/html", "application/vnd.plotly.v1+json");
        Formatter.Register<Exploding>(_ => throw new InvalidOperationException("boom"), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(Exploding), "text/html");
    }

    [Fact]
    public void Registered_formatters_add_html_and_parsed_json_and_text_plain_is_always_there()
    {
        var bundle = MimeBundleBuilder.Build(new Chart());
        Assert.Equal(["text/html", "application/vnd.plotly.v1+json", "text/plain"], bundle.Select(kv => kv.Key));
        Assert.Equal("<div>chart</div>", (string?)bundle["text/html"]);
        var plotly = Assert.IsType<JsonObject>(bundle["application/vnd.plotly.v1+json"]);
        Assert.Equal(2, (int)plotly["data"]![0]!["y"]![1]!);
    }

    [Fact]
    public void Formatters_apply_to_derived_types()
    {
        var bundle = MimeBundleBuilder.Build(new DerivedChart());
        Assert.Equal("<div>chart</div>", (string?)bundle["text/html"]);
    }

    [Fact]
    public void Plain_values_render_as_in_dotnet_interactive_and_null_is_text()
    {
        var bundle = MimeBundleBuilder.Build("text");
        Assert.Equal(["text/plain"], bundle.Select(kv => kv.Key));
        Assert.Equal("3.5", (string?)MimeBundleBuilder.Build(3.5)["text/plain"]);
        Assert.Contains("<pre>3.5</pre>", (string?)MimeBundleBuilder.Build(3.5)["text/html"]);
        Assert.Equal("null", (string?)MimeBundleBuilder.Build(null)["text/plain"]);
    }

    [Fact]
    public void A_broken_formatter_shows_the_value_and_the_error()
    {
        var bundle = MimeBundleBuilder.Build(new Exploding());
        var text = (string?)bundle["text/plain"];
        Assert.StartsWith("exploding", text);
        Assert.Contains("boom", text);
    }
}
