using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>A 2-D axis of the layout (plotly layout.xaxis, layout.yaxis2, ...). Null means "plotly's default".</summary>
public sealed record Axis
{
    public string? Title { get; init; }
    public (double Min, double Max)? Range { get; init; }
    public bool Log { get; init; }
    /// <summary>d3 tick format, e.g. ".0%" for accuracies.</summary>
    public string? TickFormat { get; init; }
    public bool? ShowGrid { get; init; }
    public bool? ShowTickLabels { get; init; }
    public bool? ZeroLine { get; init; }
    public bool? Reversed { get; init; }
    /// <summary>False hides the whole axis (line, ticks, labels), as for images.</summary>
    public bool? Visible { get; init; }
    /// <summary>Fraction of the plotting area [start, end] this axis spans; set by subplot grids.</summary>
    public (double Start, double End)? Domain { get; init; }
    /// <summary>The axis this one is drawn against ("y2" for "x2"); set by subplot grids.</summary>
    public string? Anchor { get; init; }
    /// <summary>Keeps one data unit the same length as on the named axis (square pixels for images).</summary>
    public string? ScaleAnchor { get; init; }

    /// <summary>Combines two styles: values set in <paramref name="other"/> win.</summary>
    public Axis Merge(Axis other) => new()
    {
        Title = other.Title ?? Title,
        Range = other.Range ?? Range,
        Log = other.Log || Log,
        TickFormat = other.TickFormat ?? TickFormat,
        ShowGrid = other.ShowGrid ?? ShowGrid,
        ShowTickLabels = other.ShowTickLabels ?? ShowTickLabels,
        ZeroLine = other.ZeroLine ?? ZeroLine,
        Reversed = other.Reversed ?? Reversed,
        Visible = other.Visible ?? Visible,
        Domain = other.Domain ?? Domain,
        Anchor = other.Anchor ?? Anchor,
        ScaleAnchor = other.ScaleAnchor ?? ScaleAnchor,
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Title is not null) json["title"] = new JsonObject { ["text"] = Title };
        if (Log) json["type"] = "log";
        // plotly expects a log axis range in powers of ten
        if (Range is var (min, max)) json["range"] = Log ? PlotlyValues.Pair(Math.Log10(min), Math.Log10(max)) : PlotlyValues.Pair(min, max);
        if (TickFormat is not null) json["tickformat"] = TickFormat;
        if (ShowGrid is { } grid) json["showgrid"] = grid;
        if (ShowTickLabels is { } labels) json["showticklabels"] = labels;
        if (ZeroLine is { } zero) json["zeroline"] = zero;
        if (Reversed == true) json["autorange"] = "reversed";
        if (Visible is { } visible) json["visible"] = visible;
        if (Domain is var (start, end)) json["domain"] = PlotlyValues.Pair(start, end);
        if (Anchor is not null) json["anchor"] = Anchor;
        if (ScaleAnchor is not null) json["scaleanchor"] = ScaleAnchor;
        return json;
    }
}
