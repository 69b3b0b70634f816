using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

public class CsvTests
{
    public enum Norm { L2, LInf }

    public record Note(string Name, string? Comment, double Value, int? Count, bool Flag, Norm Norm, DateTime When);

    public class Mutable
    {
        public string Label { get; set; } = "";
        public float Score { get; init; }
    }

    private static readonly Note[] Notes =
    [
        new("plain", null, 0.1 + 0.2, 3, true, Norm.LInf, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)),
        new("a \"quoted\", thing", "", 1e-300, null, false, Norm.L2, new DateTime(2025, 12, 31)),
        new("two\nlines", "windows\r\nbreak", double.NaN, -7, true, Norm.L2, DateTime.MinValue),
        new(" padded ", "ε = 8/255, ü", -12345.678, 0, false, Norm.LInf, new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local)),
    ];

    [Fact]
    public void Round_trip_keeps_commas_quotes_newlines_nulls_and_full_precision()
    {
        var csv = ResultTable.From(Notes).ToCsv();
        Assert.StartsWith("Name,Comment,Value,Count,Flag,Norm,When\r\n", csv);
        Assert.Contains("\"a \"\"quoted\"\", thing\",\"\",1E-300,,false,L2,", csv);
        Assert.Contains("\"two\nlines\",\"windows\r\nbreak\",NaN,-7,", csv);
        var back = ResultTable<Note>.ParseCsv(csv);
        Assert.Equal(Notes, back.Rows);
        Assert.Null(back[0].Comment);
        Assert.Equal("", back[1].Comment);
    }

    [Fact]
    public void Csv_is_invariant_under_a_German_culture_and_files_round_trip()
    {
        using var _ = CultureScope.German();
        var table = ResultTable.From(Notes);
        Assert.Contains(",0.30000000000000004,", table.ToCsv());
        var path = Path.Combine(Path.GetTempPath(), $"rnb-{Guid.NewGuid():N}.csv");
        try
        {
            table.SaveCsv(path);
            Assert.Equal(Notes, ResultTable<Note>.ReadCsv(path).Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Classes_with_setters_and_untyped_tables_read_back()
    {
        var csv = "Score,Label,Extra\r\n0.5,\"x,y\",ignored\n2.25,z,\n";
        var rows = ResultTable<Mutable>.ParseCsv(csv);
        Assert.Equal(["x,y", "z"], rows.Select(r => r.Label));
        Assert.Equal([0.5f, 2.25f], rows.Select(r => r.Score));

        var grouped = ResultTable.From(Notes).GroupBy("Flag").Aggregate(Agg.Count());
        var untyped = ResultTable<TableRow>.ParseCsv(grouped.ToCsv());
        Assert.Equal(["Flag", "count"], untyped.Columns.Select(c => c.Name));
        Assert.Equal(2.0, untyped[0]["count"]);
        Assert.Equal("true", untyped[0]["Flag"]);
    }

    [Fact]
    public void Malformed_csv_fails_with_the_line_and_column()
    {
        var e = Assert.Throws<FormatException>(() => ResultTable<Note>.ParseCsv("Name,Comment,Value,Count,Flag,Norm,When\r\nx,,abc,1,true,L2,2026-01-01\r\n"));
        Assert.Contains("record 2, column 'Value'", e.Message);
        Assert.Throws<FormatException>(() => Csv.Parse("a,\"unterminated\n"));
        Assert.Throws<FormatException>(() => Csv.Parse("a,b\"c\n"));
        var missing = Assert.Throws<FormatException>(() => ResultTable<Note>.ParseCsv("Name\r\nx\r\n"));
        Assert.Contains("'Comment'", missing.Message);
        Assert.Throws<FormatException>(() => ResultTable<Note>.ParseCsv("Name,Comment,Value,Count,Flag,Norm,When\r\nx,,1,1,true\r\n"));
    }

    [Fact]
    public void Parser_handles_rfc4180_edge_cases()
    {
        var records = Csv.Parse("a,\"b\"\"c\",\r\n\"multi\r\nline\",,\"\"");
        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b\"c", ""], records[0].Select(f => f.Text));
        Assert.True(records[0][2].IsMissing);
        Assert.Equal("multi\r\nline", records[1][0].Text);
        Assert.True(records[1][1].IsMissing);
        Assert.False(records[1][2].IsMissing);
    }
}
