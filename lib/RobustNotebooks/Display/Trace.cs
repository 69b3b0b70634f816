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
    /// <summary>plotly's legendgroup: traces of one group show and hide together from the legend. In a
    /// <see cref="Figure.Grid"/> only the first trace of a group keeps its legend entry, so a class drawn
    /// in every cell is listed once.</summary>
    public string? LegendGroup { get; init; }
    public double? Opacity { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = PlotlyType };
        if (Name is not null) json["name"] = Name;
        // An unnamed trace would appear as "trace 3" in the legend, which tells the reader nothing.
        if (!InLegend) json["showlegend"] = false;
        else if (ShowLegend is true) json["showlegend"] = true;
        if (LegendGroup is not null) json["legendgroup"] = LegendGroup;
        if (Opacity is { } opacity) json["opacity"] = PlotlyValues.From(opacity);
        WriteTo(json);
        return json;
    }

    /// <summary>Number of data points, for summaries and tests.</summary>
    public abstract int PointCount { get; }

    protected abstract void WriteTo(JsonObject json);

    /// <summary>The same trace drawn in subplot <paramref name="cell"/> (1-based) of a grid.</summary>
    internal abstract Trace InSubplot(int cell);

    /// <summary>Whether the trace would have an entry in the legend.</summary>
    internal bool InLegend => ShowLegend ?? Name is not null;

    internal static string AxisId(char letter, int cell) => cell == 1 ? letter.ToString() : $"{letter}{cell}";
}
