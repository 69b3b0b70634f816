using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>
/// Turns C# values into plotly.js JSON. Non-finite numbers become null because JSON has no NaN and
/// plotly draws a null as a gap, which is what a missing measurement should look like.
/// </summary>
internal static class PlotlyValues
{
    /// <summary>The default encoder escapes &lt; &gt; &amp; so the JSON can sit inside an HTML script element.</summary>
    internal static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    internal static JsonNode? From(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        float f => float.IsFinite(f) ? JsonValue.Create(f) : null,
        Half h => Half.IsFinite(h) ? JsonValue.Create((float)h) : null,
        decimal m => JsonValue.Create(m),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s => JsonValue.Create(s),
        byte b => JsonValue.Create(b),
        sbyte sb => JsonValue.Create(sb),
        uint ui => JsonValue.Create(ui),
        ulong ul => JsonValue.Create(ul),
        ushort us => JsonValue.Create(us),
        bool flag => JsonValue.Create(flag),
        string text => JsonValue.Create(text),
        char c => JsonValue.Create(c.ToString()),
        // plotly parses this layout as a date axis value
        DateTime t => JsonValue.Create(t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)),
        DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Enum e => JsonValue.Create(e.ToString()),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    internal static JsonArray Array<T>(IEnumerable<T> values)
    {
        var array = new JsonArray();
        foreach (var value in values) array.Add(From(value));
        return array;
    }

    internal static JsonArray Pair(double a, double b) => [From(a), From(b)];

    internal static IReadOnlyList<object?> Snapshot<T>(IEnumerable<T> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        return values.Select(v => (object?)v).ToArray();
    }
}
