namespace RobustNotebooks.Display;

/// <summary>
/// How a row property appears in a <see cref="ResultTable{TRow}"/>: its header, its number format, or not at all.
/// On a positional record write <c>[property: Column(Format = "P1")] double Accuracy</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ColumnAttribute : Attribute
{
    public ColumnAttribute() { }

    public ColumnAttribute(string name) => Name = name;

    /// <summary>Header text; the property name when null. CSV headers use it too.</summary>
    public string? Name { get; set; }

    /// <summary>.NET format string for display ("P1", "0.000", "N0"); CSV always keeps full precision.</summary>
    public string? Format { get; set; }

    /// <summary>Leaves the property out of the table.</summary>
    public bool Ignore { get; set; }
}
