using System.Text;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Display;

/// <summary>A frame as aligned columns of text (DataFrame.ToString runs long values together).</summary>
internal static class TablePlainText
{
    public static string Render(DataFrame frame, int maxRows)
    {
        var shown = (int)TableCells.Shown(frame, maxRows);
        var columns = frame.Columns;
        var cells = new string[shown + 1][];
        cells[0] = columns.Select(c => c.Name).ToArray();
        for (var r = 0; r < shown; r++)
            cells[r + 1] = columns.Select(c => OneLine(TableCells.Text(c[r]))).ToArray();
        var widths = Enumerable.Range(0, columns.Count).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) text.Append("  ");
                text.Append(TableCells.IsNumeric(columns[c]) ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
            }
            text.Append('\n');
        }
        if (shown < frame.Rows.Count) text.Append(TableCells.MoreRows(frame, shown)).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    private static string OneLine(string text) => text.Replace("\r\n", " ").Replace('\n', ' ');
}
