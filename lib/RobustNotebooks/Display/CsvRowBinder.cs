using System.Globalization;
using System.Reflection;

namespace RobustNotebooks.Display;

/// <summary>
/// Turns parsed CSV back into rows of a record or class: values go to the constructor's parameters by name
/// (positional records) and to remaining settable properties. Headers are the table's column names.
/// </summary>
internal static class CsvRowBinder
{
    internal static TRow[] Bind<TRow>(List<Csv.Field[]> records)
    {
        if (records.Count == 0) throw new FormatException("The CSV is empty: it has no header row.");
        var header = records[0].Select(f => f.Text).ToArray();
        // A blank line parses as one missing field; it carries no row.
        var body = records.Skip(1).Select((fields, i) => (Fields: fields, Line: i + 2)).Where(r => !(r.Fields.Length == 1 && r.Fields[0].IsMissing)).ToList();
        foreach (var (fields, line) in body)
            if (fields.Length != header.Length) throw new FormatException($"CSV record {line} has {fields.Length} fields but the header has {header.Length}.");
        return typeof(TRow) == typeof(TableRow)
            ? (TRow[])(object)BindTableRows(header, body)
            : BindTyped<TRow>(header, body);
    }

    private static TRow[] BindTyped<TRow>(string[] header, List<(Csv.Field[] Fields, int Line)> body)
    {
        var type = typeof(TRow);
        var byProperty = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in TableColumn.FromProperties(type).Where(c => c.Property is not null))
        {
            var index = Array.IndexOf(header, column.Name);
            if (index >= 0) byProperty[column.Property!.Name] = index;
        }
        var constructor = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Count(p => byProperty.ContainsKey(p.Name!)))
            .ThenBy(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to read CSV rows into.");
        var parameters = constructor.GetParameters();
        foreach (var p in parameters.Where(p => !byProperty.ContainsKey(p.Name!) && !p.HasDefaultValue))
            throw new FormatException($"The CSV has no column for {type.Name}'s '{p.Name}'; its headers are {string.Join(", ", header)}.");
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && byProperty.ContainsKey(p.Name)
                        && !parameters.Any(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();

        return body.Select(record =>
        {
            object? Read(string name, Type target)
            {
                var index = byProperty[name];
                return Convert(record.Fields[index], target, record.Line, header[index]);
            }
            var arguments = parameters.Select(p => byProperty.ContainsKey(p.Name!) ? Read(p.Name!, p.ParameterType) : p.DefaultValue).ToArray();
            var row = constructor.Invoke(arguments);
            foreach (var property in setters) property.SetValue(row, Read(property.Name, property.PropertyType));
            return (TRow)row;
        }).ToArray();
    }

    // Without a row type the values' types are inferred per column: all numbers → double, else text.
    private static TableRow[] BindTableRows(string[] header, List<(Csv.Field[] Fields, int Line)> body)
    {
        var numeric = header.Select((name, c) => body.All(r => r.Fields[c].IsMissing || r.Fields[c].Quoted is false
            && double.TryParse(r.Fields[c].Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToArray();
        return body.Select(r => new TableRow(header, r.Fields.Select((f, c) =>
            f.IsMissing ? null : numeric[c] ? double.Parse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture) : (object)f.Text).ToArray())).ToArray();
    }

    private static object? Convert(Csv.Field field, Type target, int line, string column)
    {
        var underlying = Nullable.GetUnderlyingType(target);
        if (field.IsMissing)
        {
            if (!target.IsValueType || underlying is not null) return null;
            throw new FormatException($"CSV record {line}, column '{column}': the value is missing but {target.Name} cannot be null.");
        }
        var type = underlying ?? target;
        var text = field.Text;
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            if (type == typeof(string)) return text;
            if (type == typeof(double)) return double.Parse(text, NumberStyles.Float, invariant);
            if (type == typeof(float)) return float.Parse(text, NumberStyles.Float, invariant);
            if (type == typeof(decimal)) return decimal.Parse(text, NumberStyles.Float, invariant);
            if (type == typeof(bool)) return bool.Parse(text);
            if (type == typeof(char)) return text.Length == 1 ? text[0] : throw new FormatException("expected one character");
            if (type.IsEnum) return Enum.Parse(type, text, ignoreCase: true);
            if (type == typeof(DateTime)) return DateTime.Parse(text, invariant, DateTimeStyles.RoundtripKind);
            if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, invariant, DateTimeStyles.RoundtripKind);
            if (type == typeof(DateOnly)) return DateOnly.Parse(text, invariant);
            if (type == typeof(TimeSpan)) return TimeSpan.Parse(text, invariant);
            if (type == typeof(Guid)) return Guid.Parse(text);
            if (CellText.IsNumeric(type)) return System.Convert.ChangeType(long.Parse(text, NumberStyles.Integer, invariant), type, invariant);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"CSV record {line}, column '{column}': '{text}' is not a valid {type.Name}.", e);
        }
        throw new NotSupportedException($"Column '{column}' has type {type.Name}, which CSV read-back does not handle.");
    }
}
