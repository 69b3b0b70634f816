using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Data;

/// <summary>
/// CSV for results and histories that reads the same on every machine. DataFrame's own SaveCsv
/// formats with the current culture (a German machine writes "0,5" into a comma-separated file) and
/// with every digit of a double; its LoadCsv guesses column types from the first rows (integers come
/// back as float). Here numbers are always invariant, doubles are rounded to a readable number of
/// significant digits, and loading states the columns it expects.
/// </summary>
public static class DataFrameCsv
{
    /// <summary>Significant digits of floating-point cells unless told otherwise: enough for accuracies
    /// and losses, short enough to read and diff.</summary>
    public const int DefaultSignificantDigits = 6;

    /// <summary>RFC 4180 text with a header row. <paramref name="significantDigits"/> null writes the
    /// shortest text that parses back to the same double; nulls are empty cells.</summary>
    public static string ToCsv(this DataFrame frame, int? significantDigits = DefaultSignificantDigits)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (significantDigits is < 1 or > 17)
            throw new ArgumentOutOfRangeException(nameof(significantDigits), significantDigits, "Significant digits must be between 1 and 17 (or null for round-trip).");
        var text = new StringBuilder();
        AppendLine(text, frame.Columns.Select(c => c.Name));
        for (long row = 0; row < frame.Rows.Count; row++)
            AppendLine(text, frame.Columns.Select(c => c[row] is { } value ? Cell(value, significantDigits) : null));
        return text.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> as UTF-8 (no byte-order mark), creating the folder, replacing the
    /// file only once it is complete (a run killed mid-write leaves the previous file).</summary>
    public static void Save(DataFrame frame, string path, int? significantDigits = DefaultSignificantDigits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var csv = frame.ToCsv(significantDigits);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        File.WriteAllText(partial, csv, new UTF8Encoding(false));
        File.Move(partial, full, overwrite: true);
    }

    /// <summary>Reads a CSV file whose header must be exactly the given columns, each parsed as its type
    /// (invariant culture; empty cells are null). Parsing is DataFrame.LoadCsv's, which trims spaces around cells and reads
    /// an empty cell of a string column as "" (numbers, booleans and dates read it as null).</summary>
    public static DataFrame Load(string path, params (string Name, Type Type)[] columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), columns, path);
    }

    /// <summary><see cref="Load"/> from text; <paramref name="source"/> names it in error messages.</summary>
    public static DataFrame Parse(string csv, (string Name, Type Type)[] columns, string source = "CSV text")
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Name at least one column and its type.", nameof(columns));
        var expected = string.Join(",", columns.Select(c => c.Name));
        var header = ReadHeader(csv);
        if (header != expected)
            throw new InvalidDataException($"{source}: the header is '{header}', expected '{expected}'.");
        try
        {
            return DataFrame.LoadCsvFromString(csv, ',', true, null, columns.Select(c => c.Type).ToArray(), -1, 10,
                false, false, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException($"{source}: a cell does not parse as its column's type ({string.Join(", ", columns.Select(c => $"{c.Name}: {c.Type.Name}"))}): {e.Message}", e);
        }
    }

    private static string ReadHeader(string csv)
    {
        var end = csv.IndexOfAny(['\r', '\n']);
        return (end < 0 ? csv : csv[..end]).Trim('\uFEFF');
    }

    private static string Cell(object value, int? significantDigits) => value switch
    {
        double d => d.ToString(significantDigits is { } n ? "G" + n : "R", CultureInfo.InvariantCulture),
        float f => f.ToString(significantDigits is { } n ? "G" + Math.Min(n, 9) : "R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendLine(StringBuilder text, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) text.Append(',');
            first = false;
            if (cell is null) continue;
            // Quote only when needed, plus empty strings so that "" (a value) differs from nothing (null).
            if (cell.Length == 0 || cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell[0] == ' ' || cell[^1] == ' ')
                text.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
            else
                text.Append(cell);
        }
        text.Append("\r\n");
    }
}
