using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>plotly "scatter3d": points or lines in a 3-D scene (e.g. a feature space projected to three dimensions).</summary>
public sealed record Scatter3DTrace : Trace
{
    public Scatter3DTrace(IReadOnlyList<object?> x, IReadOnlyList<object?> y, IReadOnlyList<object?> z)
    {
        if (x.Count != y.Count || x.Count != z.Count)
            throw new ArgumentException($"x, y and z must have the same length; they have {x.Count}, {y.Count} and {z.Count}.");
        X = x;
        Y = y;
        Z = z;
    }

    public override string PlotlyType => "scatter3d";
    public IReadOnlyList<object?> X { get; }
    public IReadOnlyList<object?> Y { get; }
    public IReadOnlyList<object?> Z { get; }
    public ScatterMode Mode { get; init; } = ScatterMode.Markers;
    public string? Color { get; init; }
    public IReadOnlyList<string>? PointColors { get; init; }
    public IReadOnlyList<string>? Text { get; init; }
    public double? MarkerSize { get; init; }
    /// <summary>The scene id ("scene", "scene2", ...) that places the trace in a subplot.</summary>
    public string Scene { get; init; } = "scene";

    public override int PointCount => X.Count;

    protected override void WriteTo(JsonObject json)
    {
        json["x"] = PlotlyValues.Array(X);
        json["y"] = PlotlyValues.Array(Y);
        json["z"] = PlotlyValues.Array(Z);
        json["mode"] = Mode.ToPlotly();
        if (Scene != "scene") json["scene"] = Scene;
        if (Text is not null) json["text"] = PlotlyValues.Array(Text);
        var marker = new JsonObject();
        if (PointColors is not null) marker["color"] = PlotlyValues.Array(PointColors);
        else if (Color is not null) marker["color"] = Color;
        // plotly's 3-D default marker is large enough to hide structure in a point cloud
        marker["size"] = PlotlyValues.From(MarkerSize ?? 3);
        if (Mode != ScatterMode.Lines) json["marker"] = marker;
        if (Mode != ScatterMode.Markers && Color is not null) json["line"] = new JsonObject { ["color"] = Color };
    }

    internal override Trace InSubplot(int cell) => this with { Scene = cell == 1 ? "scene" : $"scene{cell}" };
}
