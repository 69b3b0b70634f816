using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>plotly "scatter": markers, lines or both, optionally with a colour and hover text per point.</summary>
public sealed record ScatterTrace : CartesianTrace
{
    public ScatterTrace(IReadOnlyList<object?> x, IReadOnlyList<object?> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        X = x;
        Y = y;
    }

    public override string PlotlyType => "scatter";
    public IReadOnlyList<object?> X { get; }
    public IReadOnlyList<object?> Y { get; }
    public ScatterMode Mode { get; init; } = ScatterMode.Markers;
    /// <summary>One colour for the whole trace (CSS colour: "red", "#1f77b4", "rgb(0,0,255)").</summary>
    public string? Color { get; init; }
    /// <summary>A colour per point; overrides <see cref="Color"/> for the markers.</summary>
    public IReadOnlyList<string>? PointColors { get; init; }
    /// <summary>Hover text per point.</summary>
    public IReadOnlyList<string>? Text { get; init; }
    public double? MarkerSize { get; init; }
    /// <summary>plotly marker symbol: "circle" (the default), "circle-open", "x", "diamond", "star", ...</summary>
    public string? Symbol { get; init; }
    /// <summary>A 1-pixel outline around each marker in this CSS colour: keeps markers visible over points of their own colour.</summary>
    public string? MarkerOutline { get; init; }
    public double? LineWidth { get; init; }
    /// <summary>plotly dash style: "solid", "dash", "dot", "dashdot".</summary>
    public string? Dash { get; init; }
    /// <summary>Symmetric error bars (e.g. one standard deviation over seeds).</summary>
    public IReadOnlyList<double>? ErrorY { get; init; }

    public override int PointCount => X.Count;

    protected override void WriteTo(JsonObject json)
    {
        base.WriteTo(json);
        json["x"] = PlotlyValues.Array(X);
        json["y"] = PlotlyValues.Array(Y);
        json["mode"] = Mode.ToPlotly();
        if (Text is not null) json["text"] = PlotlyValues.Array(CheckLength(Text, nameof(Text)));
        var marker = new JsonObject();
        if (PointColors is not null) marker["color"] = PlotlyValues.Array(CheckLength(PointColors, nameof(PointColors)));
        else if (Color is not null) marker["color"] = Color;
        if (MarkerSize is { } size) marker["size"] = PlotlyValues.From(size);
        if (Symbol is not null) marker["symbol"] = Symbol;
        if (MarkerOutline is not null) marker["line"] = new JsonObject { ["color"] = MarkerOutline, ["width"] = 1 };
        if (Mode != ScatterMode.Lines && marker.Count > 0) json["marker"] = marker;
        var line = new JsonObject();
        if (Color is not null) line["color"] = Color;
        if (LineWidth is { } width) line["width"] = PlotlyValues.From(width);
        if (Dash is not null) line["dash"] = Dash;
        if (Mode != ScatterMode.Markers && line.Count > 0) json["line"] = line;
        if (ErrorY is not null)
            json["error_y"] = new JsonObject { ["type"] = "data", ["array"] = PlotlyValues.Array(CheckLength(ErrorY, nameof(ErrorY))), ["visible"] = true };
    }

    private IReadOnlyList<T> CheckLength<T>(IReadOnlyList<T> values, string what) =>
        values.Count == X.Count ? values : throw new InvalidOperationException($"{what} has {values.Count} entries but the trace has {X.Count} points.");
}
