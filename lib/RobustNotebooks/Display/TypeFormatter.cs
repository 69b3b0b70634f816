namespace RobustNotebooks.Display;

/// <summary>
/// One way of showing a <typeparamref name="T"/> under one MIME type, built from a plain function.
/// Its shape (MimeType, Type, a single Format(object, TextWriter)) is the one the notebook hosts call by reflection.
/// </summary>
public sealed class TypeFormatter<T>
{
    private readonly Func<T, string?> _format;

    /// <param name="format">The text for the MIME type, or null to decline (e.g. an output that is switched off).</param>
    public TypeFormatter(string mimeType, Func<T, string?> format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        MimeType = mimeType;
        _format = format ?? throw new ArgumentNullException(nameof(format));
    }

    public string MimeType { get; }

    /// <summary>The formatted type; .NET Interactive uses it to pick the most specific formatter.</summary>
    public Type Type => typeof(T);

    /// <summary>Writes <paramref name="instance"/> and returns true; false when it is not a <typeparamref name="T"/> or the formatter declines.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (instance is not T value || _format(value) is not { } text) return false;
        writer.Write(text);
        return true;
    }
}
