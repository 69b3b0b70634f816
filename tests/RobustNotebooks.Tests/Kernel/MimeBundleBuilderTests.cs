using System.Text.Json.Nodes;
using RobustNotebooks.Kernel.Display;

namespace RobustNotebooks.Tests.Kernel;

// A stand-in for the library's own attribute: the kernel must find it by name alone.
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[]? PreferredMimeTypes { get; set; }
}

public sealed class ChartFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        [new TextFormatter("text/html", v => $"<div>{v}</div>"), new TextFormatter("application/vnd.plotly.v1+json", _ => "{\"data\":[{\"y\":[1,2]}]}"),
         new TextFormatter("text/markdown", _ => null)];

    public sealed class TextFormatter(string mime, Func<object, string?> render)
    {
        public string MimeType => mime;

        public bool Format(object instance, TextWriter writer)
        {
            var text = render(instance);
            if (text is null) return false;
            writer.Write(text);
            return true;
        }
    }
}

[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = ["text/html"])]
public class Chart
{
    public override string ToString() => "chart";
}

public sealed class DerivedChart : Chart;

public class MimeBundleBuilderTests
{
    [Fact]
    public void Declared_formatters_add_html_and_parsed_json()
    {
        var bundle = MimeBundleBuilder.Build(new Chart());
        Assert.Equal("chart", (string?)bundle["text/plain"]);
        Assert.Equal("<div>chart</div>", (string?)bundle["text/html"]);
        var plotly = Assert.IsType<JsonObject>(bundle["application/vnd.plotly.v1+json"]);
        Assert.Equal(2, (int)plotly["data"]![0]!["y"]![1]!);
        // A formatter that declines (returns false) contributes nothing.
        Assert.False(bundle.ContainsKey("text/markdown"));
    }

    [Fact]
    public void Formatters_are_inherited_from_base_types()
    {
        var bundle = MimeBundleBuilder.Build(new DerivedChart());
        Assert.Equal("<div>chart</div>", (string?)bundle["text/html"]);
    }

    [Fact]
    public void Plain_values_get_text_plain_only()
    {
        var bundle = MimeBundleBuilder.Build(3.5);
        Assert.Single(bundle);
        Assert.Equal("3.5", (string?)bundle["text/plain"]);
        Assert.Equal("null", (string?)MimeBundleBuilder.Build(null)["text/plain"]);
    }
}
