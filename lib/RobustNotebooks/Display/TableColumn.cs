using System.Reflection;

namespace RobustNotebooks.Display;

/// <summary>A column of a <see cref="ResultTable"/>: header, value type, how to read it from a row, and its display format.</summary>
public sealed record TableColumn
{
    public TableColumn(string name, Type type, Func<object, object?> read, string? format = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type ?? throw new ArgumentNullException(nameof(type));
        Read = read ?? throw new ArgumentNullException(nameof(read));
        Format = format;
    }

    public string Name { get; init; }
    public Type Type { get; }
    public Func<object, object?> Read { get; }
    /// <summary>.NET format string used for display (HTML, Markdown, text); null for the general format.</summary>
    public string? Format { get; init; }
    /// <summary>The row property this column reads, when it reads one; CSV read-back binds through it.</summary>
    public PropertyInfo? Property { get; init; }

    /// <summary>Numbers are right-aligned and aggregated.</summary>
    public bool IsNumeric => CellText.IsNumeric(Type);

    /// <summary>The public instance properties of a row type in declaration order, honouring <see cref="ColumnAttribute"/>.</summary>
    public static IReadOnlyList<TableColumn> FromProperties(Type rowType)
    {
        ArgumentNullException.ThrowIfNull(rowType);
        return rowType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            // Metadata order is declaration order; base-class properties come first, as in the record's positional list.
            .OrderBy(p => Depth(p.DeclaringType!)).ThenBy(p => p.MetadataToken)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<ColumnAttribute>()))
            .Where(p => p.Attribute?.Ignore != true)
            .Select(p => new TableColumn(p.Attribute?.Name ?? p.Property.Name, p.Property.PropertyType, p.Property.GetValue, p.Attribute?.Format)
            {
                Property = p.Property,
            })
            .ToArray();
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType) depth++;
        return depth;
    }
}
