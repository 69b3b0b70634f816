namespace RobustNotebooks;

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
/// <c>Display.FormatterSource&lt;T&gt;</c> and <c>Display.TypeFormatter&lt;T&gt;</c> satisfy all of this.
/// It lives at the root of the library, free of dependencies, so that every layer can mark its types:
/// a lower layer (the tensor in Torch) names its formatter source, which lives in Display, by type name.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    private readonly Lazy<Type> _formatterSourceType;

    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        ArgumentNullException.ThrowIfNull(formatterSourceType);
        _formatterSourceType = new Lazy<Type>(formatterSourceType);
    }

    /// <param name="formatterSourceTypeName">an assembly-qualified type name, resolved on first use</param>
    public TypeFormatterSourceAttribute(string formatterSourceTypeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(formatterSourceTypeName);
        _formatterSourceType = new Lazy<Type>(() => Type.GetType(formatterSourceTypeName, throwOnError: true)!);
    }

    public Type FormatterSourceType => _formatterSourceType.Value;

    /// <summary>MIME types a front end should prefer for this type, best first (e.g. text/html).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
