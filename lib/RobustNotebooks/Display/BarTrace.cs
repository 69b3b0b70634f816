using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>plotly "bar". Several bar traces in one figure are grouped side by side (see <see cref="BarMode"/>).</summary>
public sealed record BarTrace : CartesianTrace
{
    public BarTrace(IReadOnlyList<object?> x, IReadOnlyList<object?> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        X = x;
        Y = y;
    }

    public override string PlotlyType => "bar";
    public IReadOnlyList<object?> X { get; }
    public IReadOnlyList<object?> Y { get; }
    public string? Color { get; init; }
    public IReadOnlyList<string>? Text { get; init; }
    public IReadOnlyList<double>? ErrorY { get; init; }

    public override int PointCount => X.Count;

    protected override void WriteTo(JsonObject json)
    {
        base.WriteTo(json);
        json["x"] = PlotlyValues.Array(X);
        json["y"] = PlotlyValues.Array(Y);
        if (Color is not null) json["marker"] = new JsonObject { ["color"] = Color };
        if (Text is not null) json["text"] = PlotlyValues.Array(Text);
        if (ErrorY is not null) json["error_y"] = new JsonObject { ["type"] = "data", ["array"] = PlotlyValues.Array(ErrorY), ["visible"] = true };
    }
}
