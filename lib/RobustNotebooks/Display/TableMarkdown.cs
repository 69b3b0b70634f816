using System.Text;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Display;

/// <summary>A frame as a GitHub pipe table; pipes, HTML and line breaks inside cells are escaped.</summary>
internal static class TableMarkdown
{
    public static string Render(DataFrame frame, int maxRows)
    {
        var shown = TableCells.Shown(frame, maxRows);
        var columns = frame.Columns;
        var text = new StringBuilder("|");
        foreach (var column in columns) text.Append(' ').Append(Escape(column.Name)).Append(" |");
        text.Append("\n|");
        foreach (var column in columns) text.Append(TableCells.IsNumeric(column) ? "---:|" : "---|");
        text.Append('\n');
        for (long r = 0; r < shown; r++)
        {
            text.Append('|');
            foreach (var column in columns) text.Append(' ').Append(Escape(TableCells.Text(column[r]))).Append(" |");
            text.Append('\n');
        }
        if (shown < frame.Rows.Count) text.Append('\n').Append('*').Append(TableCells.MoreRows(frame, shown)).Append("*\n");
        return text.ToString();
    }

    private static string Escape(string cell) => cell
        .Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r\n", "<br>").Replace("\n", "<br>");
}
