using System.Diagnostics;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using RobustNotebooks.Display;
using RobustNotebooks.Kernel.Display;

namespace RobustNotebooks.Tests.Display;

public class TableDisplayTests
{
    // What the library's module initializer does on its first use; these tests may touch only DataFrame types before displaying.
    public TableDisplayTests() => NotebookFormatters.Register();

    private static DataFrame Results() => new(
        new StringDataFrameColumn("attack", ["PGD", "<i>FGSM</i>", "a|b"]),
        new DoubleDataFrameColumn("accuracy", [0.123456, 0.5, null]),
        new Int32DataFrameColumn("samples", [1000, 1000, 10]));

    [Fact]
    public void Html_markdown_and_text_show_every_column_with_readable_numbers()
    {
        using var _ = CultureScope.German();
        var frame = Results();
        var html = frame.ToHtml();
        Assert.Contains("<th style=\"text-align:left\">attack</th><th style=\"text-align:right\">accuracy</th>", html);
        Assert.Contains("<td style=\"text-align:right\">0.1235</td>", html);
        Assert.Contains("&lt;i&gt;FGSM&lt;/i&gt;", html);
        Assert.Equal(3, html.Split("<tr>").Length - 2); // header row + 3 body rows
        Assert.Equal("| attack | accuracy | samples |\n|---|---:|---:|\n| PGD | 0.1235 | 1000 |\n| &lt;i&gt;FGSM&lt;/i&gt; | 0.5 | 1000 |\n| a\\|b |  | 10 |\n",
            frame.ToMarkdown());
        Assert.Equal("attack       accuracy  samples\nPGD            0.1235     1000\n<i>FGSM</i>       0.5     1000\na|b                         10", frame.ToPlainText());
    }

    [Fact]
    public void Both_kernels_get_html_and_text_from_the_registry_and_markdown_and_csv_on_request()
    {
        var frame = Results();
        var bundle = MimeBundleBuilder.Build(frame);
        Assert.Equal([MimeTypes.Html, MimeTypes.PlainText], bundle.Select(kv => kv.Key));
        Assert.Equal(frame.ToHtml(), (string?)bundle[MimeTypes.Html]);
        Assert.Equal(frame.ToMarkdown(), frame.ToDisplayString(MimeTypes.Markdown));
        Assert.StartsWith("attack,accuracy,samples\r\nPGD,0.123456,1000\r\n", frame.ToDisplayString(MimeTypes.Csv));
    }

    [Fact]
    public void A_ten_thousand_row_frame_displays_capped_and_quickly()
    {
        var n = 10_000;
        var frame = new DataFrame(
            new Int32DataFrameColumn("index", Enumerable.Range(0, n)),
            new DoubleDataFrameColumn("value", Enumerable.Range(0, n).Select(i => Math.Sqrt(i))),
            new StringDataFrameColumn("label", Enumerable.Range(0, n).Select(i => $"row {i}")));
        MimeBundleBuilder.Build(Results()); // warm the registry
        var clock = Stopwatch.StartNew();
        var bundle = MimeBundleBuilder.Build(frame);
        clock.Stop();
        var html = (string)bundle[MimeTypes.Html]!;
        Assert.Equal(TableDisplay.MaxRows, html.Split("<tr>").Length - 2);
        Assert.Contains("… 9,975 more rows (10,000 in all)", html);
        Assert.DoesNotContain("row 25<", html);
        Assert.Contains("9,975 more rows", (string?)bundle[MimeTypes.PlainText]);
        Assert.True(html.Length < 10_000, $"capped HTML is {html.Length} characters");
        Assert.True(clock.ElapsedMilliseconds < 500, $"displaying took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(10_001, frame.ToHtml(int.MaxValue).Split("<tr>").Length - 1);
    }

    [Fact]
    public void The_cap_is_a_setting_with_a_checked_value()
    {
        var saved = TableDisplay.MaxRows;
        try
        {
            TableDisplay.MaxRows = 2;
            Assert.Contains("… 1 more rows (3 in all)", Results().ToHtml());
            Assert.Throws<ArgumentOutOfRangeException>(() => TableDisplay.MaxRows = 0);
        }
        finally
        {
            TableDisplay.MaxRows = saved;
        }
    }
}
