using System.Globalization;

namespace RobustNotebooks.Display;

/// <summary>Display and CSV text of table cells, always in the invariant culture so numbers read the same everywhere.</summary>
internal static class CellText
{
    // Invariant culture writes percentages as "45.1 %"; tables in papers write "45.1%".
    private static readonly CultureInfo DisplayCulture = CreateDisplayCulture();

    private static CultureInfo CreateDisplayCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.PercentPositivePattern = 1;
        culture.NumberFormat.PercentNegativePattern = 1;
        return CultureInfo.ReadOnly(culture);
    }

    internal static bool IsNumeric(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(Half)
               || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
               || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
    }

    internal static bool TryGetDouble(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case float f: number = f; return true;
            case Half h: number = (double)h; return true;
            case decimal m: number = (double)m; return true;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture); return true;
            default: number = double.NaN; return false;
        }
    }

    /// <summary>Text for people: the column's format when it has one, else a compact general format.</summary>
    internal static string Display(object? value, string? format)
    {
        switch (value)
        {
            case null:
                return "";
            case double or float or Half when TryGetDouble(value, out var d):
                if (double.IsNaN(d)) return "NaN";
                if (double.IsInfinity(d)) return d > 0 ? "∞" : "-∞";
                if (format is not null) return d.ToString(format, DisplayCulture);
                var magnitude = Math.Abs(d);
                // Plain decimals read best for accuracies and losses; exponents only when they would be unreadable.
                return magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)
                    ? d.ToString("0.###E+0", CultureInfo.InvariantCulture)
                    : d.ToString("0.####", CultureInfo.InvariantCulture);
            case DateTime t:
                return t.ToString(format ?? "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            case IFormattable formattable:
                return formattable.ToString(format, DisplayCulture);
            default:
                return value.ToString() ?? "";
        }
    }

    /// <summary>Text for machines: lossless and culture-invariant (shortest round-trip form for floating point).</summary>
    internal static string Raw(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan s => s.ToString("c", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
