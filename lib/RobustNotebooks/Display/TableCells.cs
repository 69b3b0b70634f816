using System.Globalization;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Display;

/// <summary>How a DataFrame's cells read in a notebook: invariant culture, at most four decimals, exponents
/// only where plain decimals would be unreadable; numeric columns align right.</summary>
internal static class TableCells
{
    public static string Text(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        float f => Number(f),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static bool IsNumeric(DataFrameColumn column) =>
        column.DataType != typeof(string) && column.DataType != typeof(bool) && column.DataType != typeof(DateTime)
        && column.DataType != typeof(char);

    /// <summary>Rows to show under a cap (null: all).</summary>
    public static long Shown(DataFrame frame, int? maxRows) =>
        maxRows is { } cap ? Math.Min(Math.Max(cap, 0), frame.Rows.Count) : frame.Rows.Count;

    public static string MoreRows(DataFrame frame, long shown) =>
        string.Create(CultureInfo.InvariantCulture, $"… {frame.Rows.Count - shown:N0} more rows ({frame.Rows.Count:N0} in all)");

    private static string Number(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "∞" : "-∞";
        var magnitude = Math.Abs(d);
        return magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)
            ? d.ToString("0.###E+0", CultureInfo.InvariantCulture)
            : d.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
