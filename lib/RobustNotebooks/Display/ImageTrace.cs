using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

/// <summary>plotly "image": an RGB picture drawn pixel for pixel with square pixels and y pointing down.</summary>
public sealed record ImageTrace : CartesianTrace
{
    public ImageTrace(ImageData image)
    {
        Image = image ?? throw new ArgumentNullException(nameof(image));
    }

    public override string PlotlyType => "image";
    public ImageData Image { get; }

    public override int PointCount => Image.Height * Image.Width;

    protected override void WriteTo(JsonObject json)
    {
        base.WriteTo(json);
        var rows = new JsonArray();
        for (var y = 0; y < Image.Height; y++)
        {
            var row = new JsonArray();
            for (var x = 0; x < Image.Width; x++)
            {
                var (r, g, b) = Image.Rgb255(y, x);
                row.Add(new JsonArray(r, g, b));
            }
            rows.Add(row);
        }
        json["z"] = rows;
        json["colormodel"] = "rgb";
        json["hovertemplate"] = "x=%{x} y=%{y}<br>rgb %{z}<extra></extra>";
    }
}
