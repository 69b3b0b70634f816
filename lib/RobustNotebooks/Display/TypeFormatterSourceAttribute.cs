namespace RobustNotebooks.Display;

/// <summary>
/// Marks a type as displayable in notebooks. .NET Interactive and the RobustNotebooks kernel find this
/// attribute by its type NAME and read <see cref="FormatterSourceType"/> and <see cref="PreferredMimeTypes"/>
/// by property name, so the library needs no reference to any notebook package.
/// </summary>
/// <remarks>
/// The formatter source type needs a public parameterless constructor and a public
/// <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>; each formatter it yields exposes
/// <c>string MimeType { get; }</c> and exactly one public <c>bool Format(object instance, TextWriter writer)</c>
/// (.NET Interactive looks the method up by name alone, so an overload would make it ambiguous).
/// <see cref="FormatterSource{T}"/> and <see cref="TypeFormatter{T}"/> satisfy all of this.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        FormatterSourceType = formatterSourceType ?? throw new ArgumentNullException(nameof(formatterSourceType));
    }

    public Type FormatterSourceType { get; }

    /// <summary>MIME types a front end should prefer for this type, best first (e.g. text/html).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
