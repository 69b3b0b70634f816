using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>One plotly.js trace. Immutable: change it with <c>with { ... }</c>.</summary>
public abstract record Trace
{
    /// <summary>The plotly.js trace type ("scatter", "bar", ...).</summary>
    public abstract string PlotlyType { get; }

    /// <summary>Legend and hover name.</summary>
    public string? Name { get; init; }
    public bool? ShowLegend { get; init; }
    public double? Opacity { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = PlotlyType };
        if (Name is not null) json["name"] = Name;
        // An unnamed trace would appear as "trace 3" in the legend, which tells the reader nothing.
        if ((ShowLegend ?? Name is not null) is false) json["showlegend"] = false;
        else if (ShowLegend is true) json["showlegend"] = true;
        if (Opacity is { } opacity) json["opacity"] = PlotlyValues.From(opacity);
        WriteTo(json);
        return json;
    }

    /// <summary>Number of data points, for summaries and tests.</summary>
    public abstract int PointCount { get; }

    protected abstract void WriteTo(JsonObject json);

    /// <summary>The same trace drawn in subplot <paramref name="cell"/> (1-based) of a grid.</summary>
    internal abstract Trace InSubplot(int cell);

    internal static string AxisId(char letter, int cell) => cell == 1 ? letter.ToString() : $"{letter}{cell}";
}
