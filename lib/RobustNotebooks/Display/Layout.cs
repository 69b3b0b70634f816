using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>The plotly.js layout: title, size, legend, axes and 3-D scenes. Null means "plotly's default".</summary>
public sealed record Layout
{
    public string? Title { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public bool? ShowLegend { get; init; }
    public bool HorizontalLegend { get; init; }
    /// <summary>Legend symbols at one readable size (plotly legend.itemsizing "constant") instead of each trace's
    /// marker size: small, faint points of a dense scatter would otherwise be specks in the legend.</summary>
    public bool ConstantLegendSymbols { get; init; }
    public BarMode? BarMode { get; init; }
    /// <summary>Space around the plotting area in pixels; null keeps plotly's generous default.</summary>
    public (int Left, int Right, int Top, int Bottom)? Margin { get; init; }
    /// <summary>2-D axes by plotly id: "x", "y", "x2", "y2", ...</summary>
    public ImmutableDictionary<string, Axis> Axes { get; init; } = ImmutableDictionary<string, Axis>.Empty;
    /// <summary>3-D scenes by plotly id: "scene", "scene2", ...</summary>
    public ImmutableDictionary<string, Scene> Scenes { get; init; } = ImmutableDictionary<string, Scene>.Empty;
    public ImmutableList<Annotation> Annotations { get; init; } = ImmutableList<Annotation>.Empty;

    public Axis Axis(string id) => Axes.TryGetValue(id, out var axis) ? axis : new Axis();
    public Scene Scene(string id) => Scenes.TryGetValue(id, out var scene) ? scene : new Scene();

    public Layout WithAxis(string id, Axis style) => this with { Axes = Axes.SetItem(id, Axis(id).Merge(style)) };
    public Layout WithScene(string id, Scene style) => this with { Scenes = Scenes.SetItem(id, Scene(id).Merge(style)) };

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Title is not null) json["title"] = new JsonObject { ["text"] = Title };
        if (Width is { } width) json["width"] = width;
        if (Height is { } height) json["height"] = height;
        if (ShowLegend is { } legend) json["showlegend"] = legend;
        if (HorizontalLegend || ConstantLegendSymbols)
        {
            var legendJson = new JsonObject();
            if (HorizontalLegend) legendJson["orientation"] = "h";
            if (ConstantLegendSymbols) legendJson["itemsizing"] = "constant";
            json["legend"] = legendJson;
        }
        if (BarMode is { } mode) json["barmode"] = mode.ToString().ToLowerInvariant();
        if (Margin is var (l, r, t, b)) json["margin"] = new JsonObject { ["l"] = l, ["r"] = r, ["t"] = t, ["b"] = b };
        foreach (var (id, axis) in Axes.OrderBy(a => AxisOrder(a.Key)))
            json[$"{id[0]}axis{id[1..]}"] = axis.ToJson();
        foreach (var (id, scene) in Scenes.OrderBy(s => s.Key.Length).ThenBy(s => s.Key, StringComparer.Ordinal))
            json[id] = scene.ToJson();
        if (!Annotations.IsEmpty) json["annotations"] = new JsonArray(Annotations.Select(a => (JsonNode)a.ToJson()).ToArray());
        return json;
    }

    private static (int, char) AxisOrder(string id) => (id.Length == 1 ? 1 : int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture), id[0]);
}
