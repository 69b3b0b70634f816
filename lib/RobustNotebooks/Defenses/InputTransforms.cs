using System.Globalization;
using RobustNotebooks.Models;

namespace RobustNotebooks.Defenses;

/// <summary>Input transformations by their command-line names: "jpeg:Q" (quality 1–100, default 75),
/// "resize-pad:P" (canvas side, default 34), "bits:B" (1–8), and compositions joined by "+"
/// ("resize-pad:34+jpeg:75" resizes and pads first). The names round-trip: Parse(t.Name) builds t again.</summary>
public static class InputTransforms
{
    public static IReadOnlyList<string> Kinds { get; } = ["jpeg", "resize-pad", "bits"];

    public static IInputTransform Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new FormatException($"an input transformation is one of {string.Join(", ", Kinds)} with its setting, e.g. jpeg:75, resize-pad:34, bits:4, or several joined by '+'");
        var parts = spec.Split('+', StringSplitOptions.TrimEntries).Select(ParseOne).ToArray();
        return parts.Length == 1 ? parts[0] : new ComposedTransform(parts);
    }

    private static IInputTransform ParseOne(string part)
    {
        var colon = part.IndexOf(':');
        var kind = (colon < 0 ? part : part[..colon]).Trim().ToLowerInvariant();
        var value = colon < 0 ? null : part[(colon + 1)..].Trim();
        int? number = null;
        if (value is not null)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                throw new FormatException($"'{part}': the setting after ':' must be an integer, got '{value}'");
            number = n;
        }
        try
        {
            return kind switch
            {
                "jpeg" => new JpegCompression(number ?? 75),
                "resize-pad" => new RandomResizePad(number ?? 34),
                "bits" => new BitDepthReduction(number ?? throw new FormatException($"'{part}': give the bit depth, e.g. bits:4")),
                _ => throw new FormatException($"'{part}': unknown input transformation '{kind}'; known: {string.Join(", ", Kinds)} (e.g. jpeg:75, resize-pad:34, bits:4)"),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{part}': {e.Message}", e);
        }
    }
}
