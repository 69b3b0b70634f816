using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>A 3-D scene of the layout (plotly layout.scene, layout.scene2, ...).</summary>
public sealed record Scene
{
    public string? XTitle { get; init; }
    public string? YTitle { get; init; }
    public string? ZTitle { get; init; }
    /// <summary>Horizontal and vertical fraction of the figure the scene occupies; set by subplot grids.</summary>
    public (double Start, double End)? DomainX { get; init; }
    public (double Start, double End)? DomainY { get; init; }
    /// <summary>Where the camera looks from (plotly scene.camera.eye; plotly's default is (1.25, 1.25, 1.25)):
    /// further out leaves room for tick labels and axis titles in a small subplot.</summary>
    public (double X, double Y, double Z)? CameraEye { get; init; }

    public Scene Merge(Scene other) => new()
    {
        XTitle = other.XTitle ?? XTitle,
        YTitle = other.YTitle ?? YTitle,
        ZTitle = other.ZTitle ?? ZTitle,
        DomainX = other.DomainX ?? DomainX,
        DomainY = other.DomainY ?? DomainY,
        CameraEye = other.CameraEye ?? CameraEye,
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (XTitle is not null) json["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = XTitle } };
        if (YTitle is not null) json["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = YTitle } };
        if (ZTitle is not null) json["zaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = ZTitle } };
        if (CameraEye is var (ex, ey, ez))
            json["camera"] = new JsonObject { ["eye"] = new JsonObject { ["x"] = PlotlyValues.From(ex), ["y"] = PlotlyValues.From(ey), ["z"] = PlotlyValues.From(ez) } };
        if (DomainX is not null || DomainY is not null)
        {
            var domain = new JsonObject();
            if (DomainX is var (x0, x1)) domain["x"] = PlotlyValues.Pair(x0, x1);
            if (DomainY is var (y0, y1)) domain["y"] = PlotlyValues.Pair(y0, y1);
            json["domain"] = domain;
        }
        return json;
    }
}
