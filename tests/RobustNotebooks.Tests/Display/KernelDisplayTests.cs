using Microsoft.Data.Analysis;
using RobustNotebooks.Data;
using RobustNotebooks.Display;
using RobustNotebooks.Kernel.Display;

namespace RobustNotebooks.Tests.Display;

/// <summary>Our kernel renders through .NET Interactive's formatter registry; these check that it sees what the library registers.</summary>
public class KernelDisplayTests
{
    public record Row(string Attack, double Accuracy);

    [Fact]
    public void Kernel_bundle_of_a_figure_carries_plotly_json_as_a_json_value_and_html()
    {
        PlotlyJs.Locate();
        var bundle = MimeBundleBuilder.Build(Figure.Bar(new[] { "FGSM", "PGD" }, new[] { 0.4, 0.1 }, name: "PCL"));
        var plotly = bundle[MimeTypes.PlotlyJson]!;
        Assert.Equal(System.Text.Json.JsonValueKind.Object, plotly.GetValueKind());
        Assert.Equal("bar", (string?)plotly["data"]![0]!["type"]);
        Assert.Contains("window.Plotly.newPlot", (string?)bundle[MimeTypes.Html]);
        Assert.False(bundle.ContainsKey(MimeTypes.Png));
    }

    [Fact]
    public void Kernel_bundle_of_a_results_frame_is_our_html_table()
    {
        var frame = DataFrames.FromRecords(new[] { new Row("PGD", 0.5), new Row("<i>x</i>", 0.25) });
        var bundle = MimeBundleBuilder.Build(frame);
        Assert.StartsWith("<div class=\"rnb-table\">", (string?)bundle[MimeTypes.Html]);
        Assert.Contains("&lt;i&gt;x&lt;/i&gt;", (string?)bundle[MimeTypes.Html]);
        Assert.StartsWith("Attack    Accuracy", (string?)bundle[MimeTypes.PlainText]);
    }
}
