using System.Collections;
using System.Reflection;

namespace RobustNotebooks.Display;

/// <summary>
/// Runs the formatter convention the way a notebook host does (attribute and members found by NAME), so
/// tests and scripts see exactly what a kernel would emit without one.
/// </summary>
public static class Formatting
{
    /// <summary>
    /// Every representation the value's formatter sources offer, preferred MIME types first, plus a
    /// text/plain from ToString() when no formatter gives one. Values are strings; for JSON MIME types
    /// (see <see cref="MimeTypes.IsJson"/>) the string is the JSON text, which a kernel embeds as a JSON value.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToMimeBundle(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var formatted = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (mimeType, format) in DiscoverFormatters(value.GetType()))
        {
            if (formatted.ContainsKey(mimeType)) continue;
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            if (!format(value, writer)) continue;
            formatted[mimeType] = writer.ToString();
            order.Add(mimeType);
        }
        if (!formatted.ContainsKey(MimeTypes.PlainText))
        {
            formatted[MimeTypes.PlainText] = value.ToString() ?? "";
            order.Add(MimeTypes.PlainText);
        }
        var preferred = PreferredMimeTypes(value.GetType());
        var bundle = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var mime in preferred.Concat(order))
            if (formatted.TryGetValue(mime, out var text) && !bundle.ContainsKey(mime)) bundle.Add(mime, text);
        return bundle;
    }

    /// <summary>The value under one MIME type, or an exception naming the types that are available.</summary>
    public static string Format(object value, string mimeType)
    {
        var bundle = ToMimeBundle(value);
        return bundle.TryGetValue(mimeType, out var text)
            ? text
            : throw new ArgumentException($"{value.GetType().Name} has no formatter for '{mimeType}'; it offers {string.Join(", ", bundle.Keys)}.", nameof(mimeType));
    }

    /// <summary>The PreferredMimeTypes of the first convention attribute that names any, else empty.</summary>
    public static IReadOnlyList<string> PreferredMimeTypes(Type type)
    {
        foreach (var attribute in ConventionAttributes(type))
            if (attribute.GetType().GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] { Length: > 0 } mimes)
                return mimes;
        return [];
    }

    private static IEnumerable<Attribute> ConventionAttributes(Type type) =>
        type.GetCustomAttributes(inherit: true).OfType<Attribute>()
            .Where(a => a.GetType().Name == nameof(TypeFormatterSourceAttribute));

    private static IEnumerable<(string MimeType, Func<object, TextWriter, bool> Format)> DiscoverFormatters(Type type)
    {
        foreach (var attribute in ConventionAttributes(type))
        {
            if (attribute.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
                throw new InvalidOperationException($"The formatter attribute on {type} has no FormatterSourceType.");
            var source = Activator.CreateInstance(sourceType)
                ?? throw new InvalidOperationException($"Could not create the formatter source {sourceType}.");
            var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType} has no public CreateTypeFormatters().");
            if (create.Invoke(source, null) is not IEnumerable formatters) continue;
            foreach (var formatter in formatters)
            {
                var formatterType = formatter.GetType();
                if (formatterType.GetProperty("MimeType")?.GetValue(formatter) is not string mimeType) continue;
                // GetMethod by name alone, as .NET Interactive does: an overloaded Format must fail here too.
                var method = formatterType.GetMethod("Format")
                    ?? throw new InvalidOperationException($"{formatterType} has no public Format method.");
                yield return (mimeType, (value, writer) => Invoke(method, formatter, value, writer));
            }
        }
    }

    private static bool Invoke(MethodInfo method, object formatter, object value, TextWriter writer)
    {
        try
        {
            return method.Invoke(formatter, [value, writer]) is true;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
