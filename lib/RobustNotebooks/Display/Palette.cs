namespace RobustNotebooks.Display;

/// <summary>Colours for categories, e.g. one per class label in a feature-space plot.</summary>
public static class Palette
{
    /// <summary>plotly.js's default colour cycle (d3 category10), so our colours match plotly's own.</summary>
    public static IReadOnlyList<string> Category10 { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>The colour of category <paramref name="index"/>, cycling after ten.</summary>
    public static string Color(int index) => Category10[((index % Category10.Count) + Category10.Count) % Category10.Count];

    /// <summary>One colour per point from its integer label (class index).</summary>
    public static IReadOnlyList<string> ForLabels(IEnumerable<int> labels) => labels.Select(Color).ToArray();

    /// <summary>One colour per point from any label; categories get colours in order of first appearance.</summary>
    public static IReadOnlyList<string> ForCategories<T>(IEnumerable<T> categories) where T : notnull
    {
        var seen = new Dictionary<T, int>();
        return categories.Select(c =>
        {
            if (!seen.TryGetValue(c, out var index)) seen[c] = index = seen.Count;
            return Color(index);
        }).ToArray();
    }
}
