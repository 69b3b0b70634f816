using System.Net;
using System.Text;

namespace RobustNotebooks.Display;

/// <summary>A table as an HTML element for notebooks: numbers right-aligned, long tables cut with a note.</summary>
internal static class TableHtml
{
    internal static string Render(ResultTable table, int? maxRows)
    {
        var shown = maxRows is { } cap ? Math.Min(cap, table.RowCount) : table.RowCount;
        var columns = table.Columns;
        var html = new StringBuilder("<div class=\"rnb-table\">\n<table>\n");
        if (table.Title is not null) html.Append("<caption>").Append(Encode(table.Title)).Append("</caption>\n");
        html.Append("<thead><tr>");
        foreach (var column in columns)
            html.Append(column.IsNumeric ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">").Append(Encode(column.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < shown; r++)
        {
            html.Append("<tr>");
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                var value = table.Value(r, c);
                // Cells are aligned by their value so pivot columns holding numbers line up even when typed object.
                var numeric = column.IsNumeric || CellText.TryGetDouble(value, out _);
                html.Append(numeric ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                    .Append(Encode(CellText.Display(value, column.Format))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        if (shown < table.RowCount)
            html.Append("<p class=\"rnb-table-more\"><i>… ").Append(table.RowCount - shown).Append(" more rows (")
                .Append(table.RowCount).Append(" in all)</i></p>\n");
        return html.Append("</div>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text).Replace("\r\n", "<br>").Replace("\n", "<br>");
}
