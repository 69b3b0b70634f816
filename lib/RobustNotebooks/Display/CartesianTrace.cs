using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>A trace drawn on a pair of 2-D axes; the ids ("x", "y2", ...) tie it to a subplot.</summary>
public abstract record CartesianTrace : Trace
{
    public string XAxis { get; init; } = "x";
    public string YAxis { get; init; } = "y";

    protected override void WriteTo(JsonObject json)
    {
        if (XAxis != "x") json["xaxis"] = XAxis;
        if (YAxis != "y") json["yaxis"] = YAxis;
    }

    internal override Trace InSubplot(int cell) => this with { XAxis = AxisId('x', cell), YAxis = AxisId('y', cell) };
}
