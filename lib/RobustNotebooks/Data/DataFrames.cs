using System.Reflection;
using Microsoft.Data.Analysis;

namespace RobustNotebooks.Data;

/// <summary>
/// What results need from Microsoft.Data.Analysis that it does not offer: a frame from typed records
/// (one column per public property, typed), stacking frames whose columns differ, and picking columns by name.
/// </summary>
public static class DataFrames
{
    /// <summary>One row per record, one typed column per public property in declaration order. Numbers,
    /// booleans and dates keep their type (nullable ones hold nulls); enums and everything else become strings.</summary>
    public static DataFrame FromRecords<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = records.ToList();
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToList();
        if (properties.Count == 0) throw new ArgumentException($"{typeof(T).Name} has no public properties to make columns of.", nameof(records));
        var columns = properties.Select(p => NewColumn(p.Name, p.PropertyType, rows.Count)).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null) throw new ArgumentException($"Record {r} is null.", nameof(records));
            for (var c = 0; c < properties.Count; c++)
                columns[c][r] = CellValue(properties[c].GetValue(rows[r]), columns[c].DataType);
        }
        return new DataFrame(columns);
    }

    /// <summary>An empty column of the DataFrame type that holds <paramref name="type"/> (strings for
    /// anything it has no column for), with <paramref name="length"/> null cells.</summary>
    public static DataFrameColumn NewColumn(string name, Type type, long length = 0)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        DataFrameColumn column =
            t == typeof(double) ? new DoubleDataFrameColumn(name, length)
            : t == typeof(float) ? new SingleDataFrameColumn(name, length)
            : t == typeof(int) ? new Int32DataFrameColumn(name, length)
            : t == typeof(long) ? new Int64DataFrameColumn(name, length)
            : t == typeof(short) ? new Int16DataFrameColumn(name, length)
            : t == typeof(byte) ? new ByteDataFrameColumn(name, length)
            : t == typeof(bool) ? new BooleanDataFrameColumn(name, length)
            : t == typeof(DateTime) ? new DateTimeDataFrameColumn(name, length)
            : t == typeof(decimal) ? new DecimalDataFrameColumn(name, length)
            : new StringDataFrameColumn(name, length);
        return column;
    }

    /// <summary>The rows of every frame, one after another. Columns are the union by name in order of first
    /// appearance; a frame without a column contributes nulls there. A column must have one type in all frames.</summary>
    public static DataFrame Concat(params DataFrame[] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Length == 0) throw new ArgumentException("Concat needs at least one frame.", nameof(frames));
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var frame in frames)
            foreach (var column in frame.Columns)
            {
                if (types.TryGetValue(column.Name, out var seen))
                {
                    if (seen != column.DataType)
                        throw new ArgumentException($"Column '{column.Name}' is {seen.Name} in one frame and {column.DataType.Name} in another.", nameof(frames));
                    continue;
                }
                types[column.Name] = column.DataType;
                order.Add(column.Name);
            }
        var total = frames.Sum(f => f.Rows.Count);
        var result = order.Select(name => NewColumn(name, types[name], total)).ToList();
        long offset = 0;
        foreach (var frame in frames)
        {
            foreach (var target in result)
            {
                var source = frame.Columns.IndexOf(target.Name) is var i and >= 0 ? frame.Columns[i] : null;
                if (source is null) continue;
                for (long r = 0; r < frame.Rows.Count; r++) target[offset + r] = source[r];
            }
            offset += frame.Rows.Count;
        }
        return new DataFrame(result);
    }

    /// <summary>A frame of copies of the named columns, in that order; an unknown name is an error listing the known ones.</summary>
    public static DataFrame Select(this DataFrame frame, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(columns);
        return new DataFrame(columns.Select(name => frame.Columns.IndexOf(name) is var i and >= 0
            ? frame.Columns[i].Clone()
            : throw new ArgumentException($"No column '{name}'; the frame has {string.Join(", ", frame.Columns.Select(c => c.Name))}.", nameof(columns))));
    }

    private static object? CellValue(object? value, Type columnType) =>
        value is null ? null
        : columnType == typeof(string) && value is not string ? value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value.ToString()
        : value;
}
