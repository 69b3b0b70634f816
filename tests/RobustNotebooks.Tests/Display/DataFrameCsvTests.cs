using Microsoft.Data.Analysis;
using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Display;

public class DataFrameCsvTests
{
    public enum Norm { L2, LInf }

    public record Note(string Name, string? Comment, double Value, int? Count, bool Flag, Norm Norm, DateTime When);

    private static readonly Note[] Notes =
    [
        new("plain", null, 0.1 + 0.2, 3, true, Norm.LInf, new DateTime(2026, 1, 2, 3, 4, 5)),
        new("a \"quoted\", thing", "", 1e-300, null, false, Norm.L2, new DateTime(2025, 12, 31)),
        new("two\nlines", "windows\r\nbreak", double.NaN, -7, true, Norm.L2, DateTime.MinValue),
        new("umlaut", "ε = 8/255, ü", -12345.678, 0, false, Norm.LInf, new DateTime(2026, 6, 1, 12, 0, 0)),
    ];

    private static readonly (string, Type)[] NoteColumns =
        [("Name", typeof(string)), ("Comment", typeof(string)), ("Value", typeof(double)), ("Count", typeof(int)),
         ("Flag", typeof(bool)), ("Norm", typeof(string)), ("When", typeof(DateTime))];

    [Fact]
    public void Records_become_typed_columns()
    {
        var frame = DataFrames.FromRecords(Notes);
        Assert.Equal(["Name", "Comment", "Value", "Count", "Flag", "Norm", "When"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(string), typeof(double), typeof(int), typeof(bool), typeof(string), typeof(DateTime)],
            frame.Columns.Select(c => c.DataType));
        Assert.Null(frame["Count"][1]);
        Assert.Equal("LInf", frame["Norm"][0]);
        Assert.Equal(4, frame.Rows.Count);
    }

    // DataFrame.LoadCsv trims spaces around every cell, quoted or not: results should not depend on them.
    [Fact]
    public void Round_trip_under_a_German_culture_keeps_types_nulls_quotes_and_newlines()
    {
        using var _ = CultureScope.German();
        var frame = DataFrames.FromRecords(Notes);
        var csv = frame.ToCsv(significantDigits: null);
        Assert.StartsWith("Name,Comment,Value,Count,Flag,Norm,When\r\nplain,,0.30000000000000004,3,true,LInf,2026-01-02T03:04:05.0000000\r\n", csv);
        Assert.Contains("\"a \"\"quoted\"\", thing\",\"\",1E-300,,false,L2,", csv);
        var path = Path.Combine(Path.GetTempPath(), $"rnb-{Guid.NewGuid():N}.csv");
        try
        {
            DataFrameCsv.Save(frame, path, significantDigits: null);
            var back = DataFrameCsv.Load(path, NoteColumns);
            Assert.Equal(frame.Columns.Select(c => c.DataType), back.Columns.Select(c => c.DataType));
            // DataFrame.LoadCsv reads an empty string cell as "" whether it was null or empty.
            for (var c = 0; c < frame.Columns.Count; c++)
                Assert.Equal(frame.Columns[c].Cast<object?>().Select(v => frame.Columns[c].DataType == typeof(string) ? v ?? "" : v),
                    back.Columns[c].Cast<object?>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Readable_precision_rounds_doubles_to_six_significant_digits_and_keeps_integers()
    {
        using var _ = CultureScope.German();
        var frame = new DataFrame(
            new DoubleDataFrameColumn("loss", [2.302585092994046, 0.1 + 0.2, 123456789.0]),
            new Int64DataFrameColumn("samples", [123456789012L, 1, 2]));
        var csv = frame.ToCsv();
        Assert.Equal("loss,samples\r\n2.30259,123456789012\r\n0.3,1\r\n1.23457E+08,2\r\n", csv);
        var back = DataFrameCsv.Parse(csv, [("loss", typeof(double)), ("samples", typeof(long))]);
        Assert.Equal(typeof(long), back["samples"].DataType);
        Assert.Equal(123456789012L, back["samples"][0]);
        for (var r = 0; r < 3; r++)
        {
            var (was, now) = ((double)frame["loss"][r]!, (double)back["loss"][r]!);
            Assert.InRange(Math.Abs(now - was) / Math.Abs(was), 0, 5e-6);
        }
    }

    [Fact]
    public void Loading_names_the_file_and_the_expected_header_or_type()
    {
        var header = Assert.Throws<InvalidDataException>(() => DataFrameCsv.Parse("a,b\r\n1,2\r\n", [("a", typeof(int))], "results.csv"));
        Assert.Contains("results.csv", header.Message);
        Assert.Contains("expected 'a'", header.Message);
        var cell = Assert.Throws<InvalidDataException>(() => DataFrameCsv.Parse("a\r\nxyz\r\n", [("a", typeof(int))], "results.csv"));
        Assert.Contains("a: Int32", cell.Message);
        Assert.Throws<FileNotFoundException>(() => DataFrameCsv.Load("/nonexistent/results.csv", ("a", typeof(int))));
    }

    [Fact]
    public void Concat_unions_columns_with_nulls_and_select_picks_copies()
    {
        var a = new DataFrame(new StringDataFrameColumn("run", ["softmax"]), new DoubleDataFrameColumn("ce", [1.5]));
        var b = new DataFrame(new StringDataFrameColumn("run", ["pcl", "pcl"]), new DoubleDataFrameColumn("prox", [0.5, 0.25]),
            new DoubleDataFrameColumn("ce", [1.0, 0.75]));
        var both = DataFrames.Concat(a, b);
        Assert.Equal(["run", "ce", "prox"], both.Columns.Select(c => c.Name));
        Assert.Equal([1.5, 1.0, 0.75], both["ce"].Cast<double?>().Select(v => v!.Value));
        Assert.Equal([null, 0.5, 0.25], both["prox"].Cast<double?>());
        var picked = both.Select("prox", "run");
        picked["run"][0] = "changed";
        Assert.Equal("softmax", both["run"][0]);
        Assert.Contains("run, ce, prox", Assert.Throws<ArgumentException>(() => both.Select("nope")).Message);
        var clash = new DataFrame(new Int32DataFrameColumn("ce", [1]));
        Assert.Contains("'ce'", Assert.Throws<ArgumentException>(() => DataFrames.Concat(a, clash)).Message);
    }
}
