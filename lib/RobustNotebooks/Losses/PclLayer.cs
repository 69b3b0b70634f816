namespace RobustNotebooks.Losses;

/// <summary>One layer that carries the loss: a model feature name and its auxiliary head G_φ
/// (global average pooling of a feature map, optionally followed by a linear layer to HeadDim).</summary>
public sealed record PclLayer(string Feature, int? HeadDim = null)
{
    /// <summary>Parses "feature" or "feature:dim", e.g. "stage3:256".</summary>
    public static PclLayer Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 1 && parts[0].Length > 0) return new PclLayer(parts[0]);
        if (parts.Length == 2 && parts[0].Length > 0 && int.TryParse(parts[1], out var dim) && dim > 0) return new PclLayer(parts[0], dim);
        throw new FormatException($"'{text}' is not a PCL layer; expected FEATURE or FEATURE:HEAD_DIM, e.g. penultimate or stage3:256");
    }

    public override string ToString() => HeadDim is int d ? $"{Feature}:{d}" : Feature;
}
