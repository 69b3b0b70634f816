using System.Text;

namespace RobustNotebooks.Display;

/// <summary>A table as aligned monospaced text, for consoles and text/plain outputs.</summary>
internal static class TablePlainText
{
    internal static string Render(ResultTable table, int? maxRows)
    {
        var shown = maxRows is { } cap ? Math.Min(cap, table.RowCount) : table.RowCount;
        var columns = table.Columns;
        var cells = new string[shown + 1][];
        cells[0] = columns.Select(c => OneLine(c.Name)).ToArray();
        for (var r = 0; r < shown; r++)
            cells[r + 1] = columns.Select((c, i) => OneLine(CellText.Display(table.Value(r, i), c.Format))).ToArray();
        var widths = columns.Select((_, i) => cells.Max(row => row[i].Length)).ToArray();

        var text = new StringBuilder();
        if (table.Title is not null) text.Append(table.Title).Append('\n');
        for (var r = 0; r < cells.Length; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) text.Append("  ");
                var cell = cells[r][c];
                text.Append(columns[c].IsNumeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            }
            TrimEnd(text).Append('\n');
            if (r == 0) text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }
        if (shown < table.RowCount) text.Append("… ").Append(table.RowCount - shown).Append(" more rows (").Append(table.RowCount).Append(" in all)\n");
        return text.ToString().TrimEnd('\n');
    }

    private static string OneLine(string text) => text.Replace("\r\n", "⏎").Replace('\n', '⏎').Replace('\r', '⏎');

    private static StringBuilder TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ') text.Length--;
        return text;
    }
}
