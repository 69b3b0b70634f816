using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>Text placed on the figure in paper coordinates (0–1), e.g. a subplot title.</summary>
public sealed record Annotation(string Text, double X, double Y)
{
    public string XAnchor { get; init; } = "center";
    public string YAnchor { get; init; } = "bottom";
    public double? FontSize { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["text"] = Text,
            ["x"] = PlotlyValues.From(X),
            ["y"] = PlotlyValues.From(Y),
            ["xref"] = "paper",
            ["yref"] = "paper",
            ["xanchor"] = XAnchor,
            ["yanchor"] = YAnchor,
            ["showarrow"] = false,
        };
        if (FontSize is { } size) json["font"] = new JsonObject { ["size"] = PlotlyValues.From(size) };
        return json;
    }
}
