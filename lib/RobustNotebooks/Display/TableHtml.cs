using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Display;

/// <summary>A frame as an HTML table: column names and types in the header, numbers right-aligned.</summary>
internal static class TableHtml
{
    public static string Render(DataFrame frame, int maxRows)
    {
        var shown = TableCells.Shown(frame, maxRows);
        var columns = frame.Columns;
        var html = new StringBuilder("<div class=\"rnb-table\">\n<table>\n<thead><tr>");
        foreach (var column in columns)
            html.Append(Cell("th", TableCells.IsNumeric(column))).Append(Encode(column.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (long r = 0; r < shown; r++)
        {
            html.Append("<tr>");
            foreach (var column in columns)
                html.Append(Cell("td", TableCells.IsNumeric(column))).Append(Encode(TableCells.Text(column[r]))).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        if (shown < frame.Rows.Count)
            html.Append("<p class=\"rnb-table-more\"><i>").Append(Encode(TableCells.MoreRows(frame, shown))).Append("</i></p>\n");
        return html.Append("</div>").ToString();
    }

    private static string Cell(string tag, bool numeric) => $"<{tag} style=\"text-align:{(numeric ? "right" : "left")}\">";

    private static string Encode(string text) => WebUtility.HtmlEncode(text).Replace("\r\n", "<br>").Replace("\n", "<br>");
}
