using Microsoft.Data.Analysis;

namespace RobustNotebooks.Display;

/// <summary>
/// A DataFrame as people read it: an HTML table for notebooks, a GitHub Markdown table for reports, aligned
/// text for logs. Long frames are cut at <see cref="MaxRows"/> with a line saying how many rows were left out,
/// so a 10,000-row frame displays as quickly as a short one.
/// </summary>
public static class TableDisplay
{
    private static int _maxRows = 25;

    /// <summary>Rows a notebook shows of a frame (and the default cap of the renderings below).</summary>
    public static int MaxRows
    {
        get => _maxRows;
        set => _maxRows = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Show at least one row.");
    }

    /// <param name="maxRows">rows to show; null shows <see cref="MaxRows"/>, <see cref="int.MaxValue"/> all</param>
    public static string ToHtml(this DataFrame frame, int? maxRows = null) => TableHtml.Render(Check(frame), maxRows ?? MaxRows);

    public static string ToMarkdown(this DataFrame frame, int? maxRows = null) => TableMarkdown.Render(Check(frame), maxRows ?? MaxRows);

    public static string ToPlainText(this DataFrame frame, int? maxRows = null) => TablePlainText.Render(Check(frame), maxRows ?? MaxRows);

    private static DataFrame Check(DataFrame frame) => frame ?? throw new ArgumentNullException(nameof(frame));
}
