using System.Text;

namespace RobustNotebooks.Display;

/// <summary>A table as a GitHub pipe table, for READMEs, reports and Markdown outputs.</summary>
internal static class TableMarkdown
{
    internal static string Render(ResultTable table, int? maxRows)
    {
        var shown = maxRows is { } cap ? Math.Min(cap, table.RowCount) : table.RowCount;
        var columns = table.Columns;
        var md = new StringBuilder();
        if (table.Title is not null) md.Append("**").Append(Escape(table.Title)).Append("**\n\n");
        md.Append('|');
        foreach (var column in columns) md.Append(' ').Append(Escape(column.Name)).Append(" |");
        md.Append("\n|");
        foreach (var column in columns) md.Append(column.IsNumeric ? " ---: |" : " :--- |");
        md.Append('\n');
        for (var r = 0; r < shown; r++)
        {
            md.Append('|');
            for (var c = 0; c < columns.Count; c++)
                md.Append(' ').Append(Escape(CellText.Display(table.Value(r, c), columns[c].Format))).Append(" |");
            md.Append('\n');
        }
        if (shown < table.RowCount)
            md.Append("\n*… ").Append(table.RowCount - shown).Append(" more rows (").Append(table.RowCount).Append(" in all)*\n");
        return md.ToString();
    }

    // A pipe would end the cell, HTML would be rendered, and a line break would end the table.
    private static string Escape(string text) => text
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\\", "\\\\").Replace("|", "\\|")
        .Replace("\r\n", "<br>").Replace("\n", "<br>").Replace("\r", "<br>");
}
