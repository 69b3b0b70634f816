namespace RobustNotebooks.Display;

/// <summary>
/// Orders cells of one column: missing first, numbers by value across numeric types, strings ordinally
/// (the same order on every machine), anything else by its own IComparable.
/// </summary>
internal sealed class CellComparer : IComparer<object?>
{
    internal static readonly CellComparer Instance = new();

    public int Compare(object? a, object? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (CellText.TryGetDouble(a, out var x) && CellText.TryGetDouble(b, out var y)) return x.CompareTo(y);
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        if (a is IComparable comparable && a.GetType() == b.GetType()) return comparable.CompareTo(b);
        return string.CompareOrdinal(CellText.Raw(a), CellText.Raw(b));
    }
}
