using System.Globalization;

namespace RobustNotebooks.Nn;

/// <summary>Formatting of layer settings the way PyTorch prints them (True/False, tuples, floats).</summary>
internal static class Repr
{
    public static string Bool(bool b) => b ? "True" : "False";

    public static string Tuple(long[] values) => values.Length == 1 ? $"({values[0]},)" : "(" + string.Join(", ", values) + ")";

    /// <summary>Python's repr of a float: "1.0", "0.25", "1e-05".</summary>
    public static string Number(double v)
    {
        if (v == Math.Floor(v) && Math.Abs(v) < 1e16) return v.ToString("0.0", CultureInfo.InvariantCulture);
        return v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
    }
}
