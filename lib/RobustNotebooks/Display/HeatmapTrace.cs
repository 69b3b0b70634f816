using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>plotly "heatmap": a matrix of values, e.g. a confusion matrix or a perturbation δ.</summary>
public sealed record HeatmapTrace : CartesianTrace
{
    public HeatmapTrace(double[][] z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Length == 0) throw new ArgumentException("A heatmap needs at least one row.", nameof(z));
        var width = z[0].Length;
        for (var i = 0; i < z.Length; i++)
            if (z[i].Length != width) throw new ArgumentException($"Row {i} has {z[i].Length} values but row 0 has {width}.", nameof(z));
        Z = z;
    }

    public override string PlotlyType => "heatmap";
    /// <summary>Rows of the matrix; row 0 is drawn at the bottom unless the y axis is reversed.</summary>
    public double[][] Z { get; }
    public IReadOnlyList<object?>? X { get; init; }
    public IReadOnlyList<object?>? Y { get; init; }
    /// <summary>A plotly colour scale name ("Viridis", "RdBu", "Greys", ...).</summary>
    public string ColorScale { get; init; } = "Viridis";
    public double? ZMin { get; init; }
    public double? ZMax { get; init; }
    public bool ShowScale { get; init; } = true;
    /// <summary>d3 format for writing each cell's value on the cell (e.g. ".2f"); null writes nothing.</summary>
    public string? ValueFormat { get; init; }
    /// <summary>Where the colour bar sits in paper coordinates (left edge, vertical centre, length); set by subplot grids.</summary>
    public (double X, double Y, double Length)? ColorBarPlacement { get; init; }

    public override int PointCount => Z.Length * Z[0].Length;

    protected override void WriteTo(JsonObject json)
    {
        base.WriteTo(json);
        var rows = new JsonArray();
        foreach (var row in Z) rows.Add(PlotlyValues.Array(row));
        json["z"] = rows;
        if (X is not null) json["x"] = PlotlyValues.Array(X);
        if (Y is not null) json["y"] = PlotlyValues.Array(Y);
        json["colorscale"] = ColorScale;
        if (ZMin is { } min) json["zmin"] = PlotlyValues.From(min);
        if (ZMax is { } max) json["zmax"] = PlotlyValues.From(max);
        json["showscale"] = ShowScale;
        if (ValueFormat is not null) json["texttemplate"] = "%{z:" + ValueFormat + "}";
        if (ColorBarPlacement is var (x, y, length))
            json["colorbar"] = new JsonObject
            {
                ["x"] = PlotlyValues.From(x), ["y"] = PlotlyValues.From(y), ["len"] = PlotlyValues.From(length),
                ["xanchor"] = "left", ["yanchor"] = "middle", ["thickness"] = 12,
            };
    }
}
