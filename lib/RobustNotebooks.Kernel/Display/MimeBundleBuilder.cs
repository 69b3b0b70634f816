using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Display;

/// <summary>Builds a Jupyter MIME bundle for a value: <c>text/plain</c> from ToString(), plus every
/// formatter the value's type declares through the .NET Interactive convention: an attribute named
/// <c>TypeFormatterSourceAttribute</c> (on the type or a base type) whose <c>FormatterSourceType</c>
/// has <c>CreateTypeFormatters()</c>, yielding objects with <c>string MimeType</c> and
/// <c>bool Format(object, TextWriter)</c>. All of it is found by reflection on names, so libraries
/// need no reference to the kernel.</summary>
public static class MimeBundleBuilder
{
    private sealed record Formatter(string MimeType, Func<object, TextWriter, bool> Format);

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Formatter>> Cache = new();

    public static JsonObject Build(object? value)
    {
        var bundle = new JsonObject { ["text/plain"] = PlainText(value) };
        if (value is null) return bundle;
        foreach (var formatter in FormattersFor(value.GetType()))
        {
            if (bundle.ContainsKey(formatter.MimeType) && formatter.MimeType != "text/plain") continue;
            string text;
            try
            {
                using var writer = new StringWriter();
                if (!formatter.Format(value, writer)) continue;
                text = writer.ToString();
            }
            catch (Exception e)
            {
                // A broken formatter must not hide the value: show what went wrong beside text/plain.
                bundle["text/plain"] = PlainText(value) + $"\n[formatter for {formatter.MimeType} failed: {Unwrap(e).Message}]";
                continue;
            }
            bundle[formatter.MimeType] = IsJsonMime(formatter.MimeType) ? ParseJsonOrString(text) : JsonValue.Create(text);
        }
        return bundle;
    }

    public static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? ParseJsonOrString(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static string PlainText(object? value)
    {
        if (value is null) return "null";
        try { return value.ToString() ?? ""; }
        catch (Exception e) { return $"<{value.GetType().Name}.ToString() threw {Unwrap(e).GetType().Name}: {Unwrap(e).Message}>"; }
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    private static IReadOnlyList<Formatter> FormattersFor(Type type) => Cache.GetOrAdd(type, Discover);

    private static IReadOnlyList<Formatter> Discover(Type type)
    {
        var result = new List<Formatter>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var attribute in SafeAttributes(t))
            {
                var attributeType = attribute.GetType();
                if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
                if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                var preferred = attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[];
                var found = FromSource(sourceType);
                // Preferred MIME types go first so that, like .NET Interactive, they win over duplicates.
                if (preferred is { Length: > 0 })
                    found = found.OrderBy(f => Array.IndexOf(preferred, f.MimeType) is var i && i >= 0 ? i : int.MaxValue).ToList();
                result.AddRange(found);
            }
            if (result.Count > 0) break;
        }
        return result;
    }

    private static object[] SafeAttributes(Type t)
    {
        try { return t.GetCustomAttributes(inherit: false); }
        catch (Exception) { return []; }
    }

    private static List<Formatter> FromSource(Type sourceType)
    {
        var list = new List<Formatter>();
        object? source;
        try { source = Activator.CreateInstance(sourceType, nonPublic: true); }
        catch (Exception) { return list; }
        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
        if (source is null || create?.Invoke(source, null) is not System.Collections.IEnumerable formatters) return list;
        foreach (var formatter in formatters)
        {
            if (formatter is null) continue;
            var ft = formatter.GetType();
            var mime = FindProperty(ft, "MimeType")?.GetValue(formatter) as string;
            var format = FindFormatMethod(ft);
            if (mime is null || format is null) continue;
            var target = formatter;
            list.Add(new Formatter(mime, (value, writer) => format.Invoke(target, [value, writer]) is true));
        }
        return list;
    }

    private static PropertyInfo? FindProperty(Type t, string name) =>
        t.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
        ?? t.GetInterfaces().Select(i => i.GetProperty(name)).FirstOrDefault(p => p is not null);

    private static MethodInfo? FindFormatMethod(Type t)
    {
        static bool Fits(MethodInfo m) => m.Name == "Format" && m.ReturnType == typeof(bool)
            && m.GetParameters() is [{ ParameterType: var a }, { ParameterType: var b }]
            && a == typeof(object) && typeof(TextWriter).IsAssignableTo(b);
        return t.GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(Fits)
            ?? t.GetInterfaces().SelectMany(i => i.GetMethods()).FirstOrDefault(Fits);
    }
}
