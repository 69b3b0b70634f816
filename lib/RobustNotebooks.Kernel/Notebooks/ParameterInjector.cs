using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace RobustNotebooks.Kernel.Notebooks;

/// <summary>Papermill's convention in C#: the values given on the command line go into a code cell
/// tagged <c>injected-parameters</c> placed right after the cell tagged <c>parameters</c>, which
/// declares the defaults (<c>var quick = false;</c>); the injected cell reassigns them.</summary>
public static partial class ParameterInjector
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    [GeneratedRegex(@"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Parses <c>name=value</c>.</summary>
    public static KeyValuePair<string, string> ParseAssignment(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"parameter '{text}' is not of the form name=value");
        var name = text[..eq].Trim();
        if (!IdentifierPattern().IsMatch(name)) throw new ArgumentException($"parameter name '{name}' is not a C# identifier");
        return new(name, text[(eq + 1)..]);
    }

    /// <summary>Numbers and true/false are written as they are; anything else becomes a string literal.</summary>
    public static string ToCSharpLiteral(string value) =>
        value is "true" or "false" || NumberPattern().IsMatch(value)
            ? value
            : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Returns a copy of <paramref name="notebook"/> with the injected cell (replacing one
    /// left by an earlier run). Without a parameters cell the values are declared at the top.</summary>
    public static JsonObject Inject(JsonObject notebook, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var result = (JsonObject)notebook.DeepClone();
        if (parameters.Count == 0) return result;
        var cells = result["cells"] as JsonArray ?? throw new InvalidDataException("notebook has no 'cells' array");
        for (int i = cells.Count - 1; i >= 0; i--)
            if (HasTag(cells[i], InjectedTag)) cells.RemoveAt(i);
        int parametersIndex = -1;
        for (int i = 0; i < cells.Count; i++)
            if (HasTag(cells[i], ParametersTag)) { parametersIndex = i; break; }
        var declare = parametersIndex < 0 ? "var " : "";
        var lines = new List<string> { "// Parameters injected by robustnb notebooks run" };
        lines.AddRange(parameters.Select(p => $"{declare}{p.Key} = {ToCSharpLiteral(p.Value)};"));
        var cell = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["tags"] = new JsonArray(InjectedTag) },
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(lines.Select((l, i) => (JsonNode?)JsonValue.Create(i < lines.Count - 1 ? l + "\n" : l)).ToArray()),
        };
        // nbformat 4.5 and later require a unique id on every cell.
        if (((int?)result["nbformat"] ?? 4) > 4 || ((int?)result["nbformat_minor"] ?? 0) >= 5)
            cell["id"] = "injected-parameters-" + Guid.NewGuid().ToString("N")[..8];
        cells.Insert(parametersIndex + 1, cell);
        return result;
    }

    private static bool HasTag(JsonNode? cell, string tag) =>
        cell?["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue(out string? s) && s == tag);
}
