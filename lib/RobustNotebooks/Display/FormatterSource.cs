namespace RobustNotebooks.Display;

/// <summary>
/// Base for a formatter source: a displayable type lists its formatters in the constructor, e.g.
/// <code>
/// [TypeFormatterSource(typeof(AccuracyFormatters), PreferredMimeTypes = [MimeTypes.Html])]
/// public record Accuracy(double Value);
/// sealed class AccuracyFormatters() : FormatterSource&lt;Accuracy&gt;(
///     new(MimeTypes.Html, a =&gt; $"&lt;b&gt;{a.Value:P1}&lt;/b&gt;"),
///     new(MimeTypes.PlainText, a =&gt; $"{a.Value:P1}"));
/// </code>
/// </summary>
public abstract class FormatterSource<T>
{
    private readonly TypeFormatter<T>[] _formatters;

    protected FormatterSource(params TypeFormatter<T>[] formatters)
    {
        ArgumentNullException.ThrowIfNull(formatters);
        if (formatters.Length == 0) throw new ArgumentException("A formatter source needs at least one formatter.", nameof(formatters));
        _formatters = formatters;
    }

    /// <summary>Called by the notebook host (by name); a fresh sequence each time.</summary>
    public IEnumerable<object> CreateTypeFormatters() => _formatters.ToArray();
}
