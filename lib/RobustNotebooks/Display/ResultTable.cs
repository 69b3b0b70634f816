using System.Text;

namespace RobustNotebooks.Display;

/// <summary>
/// What every results table shares, whatever its row type: columns, cells and the renderings
/// (HTML, Markdown, CSV, aligned text). Create one with <see cref="From{TRow}"/>.
/// </summary>
[TypeFormatterSource(typeof(ResultTableFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public abstract class ResultTable
{
    private protected ResultTable(IReadOnlyList<TableColumn> columns, string? title, int? displayMaxRows)
    {
        if (columns.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        var duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' appears twice.", nameof(columns));
        Columns = columns;
        Title = title;
        DisplayMaxRows = displayMaxRows;
    }

    /// <summary>Rows shown in notebooks and by ToString() when a table sets no cap of its own.</summary>
    public static int DefaultDisplayMaxRows { get; set; } = 25;

    /// <summary>A table over typed rows (usually records); columns are the public properties in declaration order.</summary>
    public static ResultTable<TRow> From<TRow>(IEnumerable<TRow> rows) => new(rows);

    public IReadOnlyList<TableColumn> Columns { get; }
    public string? Title { get; }
    /// <summary>This table's display cap; null uses <see cref="DefaultDisplayMaxRows"/>.</summary>
    public int? DisplayMaxRows { get; }
    public abstract int RowCount { get; }

    /// <summary>The cell at <paramref name="row"/> and <paramref name="column"/> (indices).</summary>
    public object? Value(int row, int column) => Columns[column].Read(RowObject(row)!);

    public object? Value(int row, string column) => Value(row, ColumnIndex(column));

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == name) return i;
        throw new ArgumentException($"No column '{name}'; the table has {string.Join(", ", Columns.Select(c => c.Name))}.", nameof(name));
    }

    /// <summary>An HTML table; all rows unless <paramref name="maxRows"/> caps them (then a "… N more rows" line follows).</summary>
    public string ToHtml(int? maxRows = null) => TableHtml.Render(this, maxRows);

    /// <summary>A GitHub pipe table; pipes, HTML and line breaks in cells are escaped.</summary>
    public string ToMarkdown(int? maxRows = null) => TableMarkdown.Render(this, maxRows);

    /// <summary>RFC 4180 CSV with a header row, invariant culture and full precision (display formats are not applied).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(Csv.Line(Columns.Select(c => c.Name)));
        for (var r = 0; r < RowCount; r++)
            csv.Append(Csv.Line(Columns.Select((_, c) => Value(r, c) is { } value ? CellText.Raw(value) : null)));
        return csv.ToString();
    }

    public void SaveCsv(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToCsv(), new UTF8Encoding(false));
    }

    /// <summary>Aligned text, capped like the notebook display.</summary>
    public override string ToString() => TablePlainText.Render(this, EffectiveDisplayMaxRows);

    internal int EffectiveDisplayMaxRows => DisplayMaxRows ?? DefaultDisplayMaxRows;

    private protected abstract object? RowObject(int row);
}
