using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace RobustNotebooks.Kernel.Display;

/// <summary>Builds a Jupyter MIME bundle for a value the way .NET Interactive does: every MIME type the
/// formatter registry prefers for the value's type (<c>Formatter.Register</c>,
/// <c>Formatter.SetPreferredMimeTypesFor</c>), each formatted by the registry. Libraries register their
/// formatters once and both kernels show the same outputs. Unlike .NET Interactive, a bundle always
/// carries text/plain (Jupyter clients fall back to it), and JSON MIME types travel as JSON values.</summary>
public static class MimeBundleBuilder
{
    public static JsonObject Build(object? value)
    {
        var bundle = new JsonObject();
        if (value is null) return new JsonObject { ["text/plain"] = "null" };
        try
        {
            foreach (var formatted in FormattedValue.CreateManyFromObject(value))
            {
                if (formatted.SuppressDisplay || bundle.ContainsKey(formatted.MimeType)) continue;
                bundle[formatted.MimeType] = IsJsonMime(formatted.MimeType) ? ParseJsonOrString(formatted.Value) : JsonValue.Create(formatted.Value);
            }
            if (!bundle.ContainsKey("text/plain")) bundle["text/plain"] = value.ToDisplayString("text/plain");
        }
        catch (Exception e)
        {
            // A broken formatter must not hide the value: show what went wrong beside its text.
            return new JsonObject { ["text/plain"] = PlainText(value) + $"\n[formatting {value.GetType().Name} failed: {Unwrap(e).Message}]" };
        }
        return bundle;
    }

    public static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? ParseJsonOrString(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static string PlainText(object value)
    {
        try { return value.ToString() ?? ""; }
        catch (Exception e) { return $"<{value.GetType().Name}.ToString() threw {Unwrap(e).GetType().Name}: {Unwrap(e).Message}>"; }
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;
}
