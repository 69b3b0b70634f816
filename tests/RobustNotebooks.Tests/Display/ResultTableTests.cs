using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

public class ResultTableTests
{
    public record Result(string Attack, string Defense, double Epsilon, [property: Column(Format = "P1")] double Accuracy, int Seed);

    private static ResultTable<Result> Sample() => ResultTable.From(new[]
    {
        new Result("FGSM", "None", 0.03, 0.20, 1),
        new Result("FGSM", "None", 0.03, 0.30, 2),
        new Result("FGSM", "PCL", 0.03, 0.50, 1),
        new Result("FGSM", "PCL", 0.03, 0.70, 2),
        new Result("PGD", "None", 0.03, 0.00, 1),
        new Result("PGD", "None", 0.03, 0.10, 2),
        new Result("PGD", "PCL", 0.03, 0.40, 1),
    });

    [Fact]
    public void Columns_are_the_record_properties_in_declaration_order()
    {
        var table = Sample();
        Assert.Equal(["Attack", "Defense", "Epsilon", "Accuracy", "Seed"], table.Columns.Select(c => c.Name));
        Assert.Equal("P1", table.Columns[3].Format);
        Assert.True(table.Columns[2].IsNumeric);
        Assert.False(table.Columns[0].IsNumeric);
    }

    [Fact]
    public void GroupBy_aggregates_match_hand_computed_values()
    {
        var summary = Sample().GroupBy("Attack", "Defense").Aggregate(
            Agg.Count(), Agg.Mean("Accuracy"), Agg.Std("Accuracy"), Agg.Min("Accuracy"), Agg.Max("Accuracy"), Agg.Sum("Accuracy").As("total"));
        Assert.Equal(["Attack", "Defense", "count", "mean(Accuracy)", "std(Accuracy)", "min(Accuracy)", "max(Accuracy)", "total"],
            summary.Columns.Select(c => c.Name));
        Assert.Equal(4, summary.Count);
        var expected = new (string, string, int, double, double, double, double, double)[]
        {
            ("FGSM", "None", 2, 0.25, Math.Sqrt(0.005), 0.2, 0.3, 0.5),
            ("FGSM", "PCL", 2, 0.60, Math.Sqrt(0.02), 0.5, 0.7, 1.2),
            ("PGD", "None", 2, 0.05, Math.Sqrt(0.005), 0.0, 0.1, 0.1),
            ("PGD", "PCL", 1, 0.40, double.NaN, 0.4, 0.4, 0.4),
        };
        for (var i = 0; i < expected.Length; i++)
        {
            var row = summary[i];
            var (attack, defense, count, mean, std, min, max, sum) = expected[i];
            Assert.Equal(attack, row["Attack"]);
            Assert.Equal(defense, row["Defense"]);
            Assert.Equal(count, row["count"]);
            Assert.Equal(mean, row.Get<double>("mean(Accuracy)"), 12);
            if (double.IsNaN(std)) Assert.True(double.IsNaN(row.Get<double>("std(Accuracy)")), "std of one value is undefined");
            else Assert.Equal(std, row.Get<double>("std(Accuracy)"), 12);
            Assert.Equal(min, row.Get<double>("min(Accuracy)"), 12);
            Assert.Equal(max, row.Get<double>("max(Accuracy)"), 12);
            Assert.Equal(sum, row.Get<double>("total"), 12);
        }
        // Aggregates keep the source column's display format.
        Assert.Contains("25.0%", summary.ToHtml());
        var e = Assert.Throws<InvalidOperationException>(() => Sample().GroupBy("Seed").Aggregate(Agg.Mean("Attack")));
        Assert.Contains("Attack", e.Message);
    }

    [Fact]
    public void Pivot_builds_the_attack_by_defense_table()
    {
        var pivot = Sample().Pivot(rows: "Attack", columns: "Defense", values: "Accuracy");
        Assert.Equal(["Attack", "None", "PCL"], pivot.Columns.Select(c => c.Name));
        Assert.Equal(["FGSM", "PGD"], pivot.Select(r => (string)r["Attack"]!));
        Assert.Equal(0.25, pivot[0].Get<double>("None"), 12);
        Assert.Equal(0.60, pivot[0].Get<double>("PCL"), 12);
        Assert.Equal(0.05, pivot[1].Get<double>("None"), 12);
        Assert.Equal(0.40, pivot[1].Get<double>("PCL"), 12);

        var counts = Sample().Where(r => !(r.Attack == "PGD" && r.Defense == "PCL")).Pivot("Attack", "Defense", "Accuracy", AggregateKind.Count);
        Assert.Equal(2, counts[0]["PCL"]);
        Assert.Null(counts[1]["PCL"]);           // no PGD×PCL runs left: an empty cell, not a zero
        Assert.Contains("| PGD | 2 |  |", counts.ToMarkdown());
    }

    [Fact]
    public void Where_OrderBy_ThenBy_and_Select()
    {
        var table = Sample();
        var sorted = table.Where(r => r.Seed == 1).OrderBy(r => r.Defense).ThenByDescending(r => r.Accuracy);
        Assert.Equal([0.2, 0.0, 0.5, 0.4], sorted.Select(r => r.Accuracy));
        var byName = table.OrderBy("Attack", descending: true).ThenBy("Accuracy");
        Assert.Equal([0.0, 0.1, 0.4, 0.2, 0.3, 0.5, 0.7], byName.Select(r => r.Accuracy));

        var narrow = table.Select("Accuracy", "Attack");
        Assert.Equal(["Accuracy", "Attack"], narrow.Columns.Select(c => c.Name));
        Assert.StartsWith("Accuracy,Attack\r\n0.2,FGSM\r\n", narrow.ToCsv());
        var e = Assert.Throws<ArgumentException>(() => table.Select("Acc"));
        Assert.Contains("Attack, Defense, Epsilon, Accuracy, Seed", e.Message);

        var extended = table.WithColumn("Error", r => 1 - r.Accuracy, "0.00").Head(2);
        Assert.Equal(2, extended.Count);
        Assert.Contains("0.80", extended.ToString());
    }

    [Fact]
    public void Html_and_markdown_escape_markup_and_pipes()
    {
        var table = ResultTable.From(new[] { new Result("<b>PGD</b> | L∞", "a&b", 0.5, 0.5, 1) });
        var html = table.ToHtml();
        Assert.Contains("&lt;b&gt;PGD&lt;/b&gt; | L∞", html);
        Assert.DoesNotContain("<b>PGD", html);
        Assert.Contains("a&amp;b", html);
        Assert.Contains("<td style=\"text-align:right\">50.0%</td>", html);

        var markdown = table.ToMarkdown();
        var lines = markdown.TrimEnd('\n').Split('\n');
        Assert.Equal("| Attack | Defense | Epsilon | Accuracy | Seed |", lines[0]);
        Assert.Equal("| :--- | :--- | ---: | ---: | ---: |", lines[1]);
        Assert.Equal("| &lt;b&gt;PGD&lt;/b&gt; \\| L∞ | a&amp;b | 0.5 | 50.0% | 1 |", lines[2]);
        // Unescaped pipes delimit exactly the five cells.
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(lines[2], @"(?<!\\)\|").Count);
    }

    [Fact]
    public void Display_is_capped_with_a_more_rows_line()
    {
        var table = ResultTable.From(Enumerable.Range(0, 30).Select(i => new Result($"a{i}", "d", i, 0.5, i))).WithDisplayMaxRows(10);
        var bundle = Formatting.ToMimeBundle(table);
        Assert.Equal(MimeTypes.Html, bundle.Keys.First());
        var html = bundle[MimeTypes.Html];
        Assert.Equal(11, System.Text.RegularExpressions.Regex.Matches(html, "<tr>").Count); // header + 10
        Assert.Contains("… 20 more rows (30 in all)", html);
        Assert.Contains("a9", html);
        Assert.DoesNotContain("a10", html);
        Assert.Contains("… 20 more rows", bundle[MimeTypes.Markdown]);
        Assert.Contains("… 20 more rows", table.ToString());
        Assert.Equal(31, System.Text.RegularExpressions.Regex.Matches(table.ToHtml(), "<tr>").Count); // explicit call: all rows
        Assert.DoesNotContain("more rows", ResultTable.From(Enumerable.Range(0, 3)).ToString());
    }

    [Fact]
    public void ToString_aligns_columns_and_right_aligns_numbers()
    {
        var text = ResultTable.From(new[] { new Result("FGSM", "None", 0.03, 0.2, 1), new Result("PGD-100", "PCL", 0.1, 0.125, 12) }).ToString();
        var lines = text.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("Attack   Defense  Epsilon  Accuracy  Seed", lines[0]);
        Assert.StartsWith("-------  -------", lines[1]);
        Assert.Equal("FGSM     None        0.03     20.0%     1", lines[2]);
        Assert.Equal("PGD-100  PCL          0.1     12.5%    12", lines[3]);
    }
}
