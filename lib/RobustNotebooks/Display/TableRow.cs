using System.Collections;
using System.Globalization;

namespace RobustNotebooks.Display;

/// <summary>
/// A row whose columns are known only at run time: the rows of GroupBy and Pivot results.
/// Read a cell with <c>row["Accuracy"]</c> or <c>row.Get&lt;double&gt;("Accuracy")</c>.
/// </summary>
public sealed class TableRow : IReadOnlyDictionary<string, object?>
{
    private readonly string[] _names;
    private readonly object?[] _values;
    private readonly Dictionary<string, int> _index;

    public TableRow(IReadOnlyList<string> names, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Count != values.Count) throw new ArgumentException($"{names.Count} names but {values.Count} values.", nameof(values));
        _names = names.ToArray();
        _values = values.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
            if (!_index.TryAdd(_names[i], i)) throw new ArgumentException($"Column '{_names[i]}' appears twice.", nameof(names));
    }

    public object? this[string column] => _index.TryGetValue(column, out var i)
        ? _values[i]
        : throw new KeyNotFoundException($"No column '{column}'; the row has {string.Join(", ", _names)}.");

    /// <summary>The cell converted to <typeparamref name="T"/> (e.g. an int count read as double).</summary>
    public T Get<T>(string column)
    {
        var value = this[column];
        if (value is T typed) return typed;
        if (value is null) return default!;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    public IEnumerable<string> Keys => _names;
    public IEnumerable<object?> Values => _values;
    public int Count => _names.Length;
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, out object? value)
    {
        var found = _index.TryGetValue(key, out var i);
        value = found ? _values[i] : null;
        return found;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        _names.Select((n, i) => new KeyValuePair<string, object?>(n, _values[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{ " + string.Join(", ", this.Select(kv => $"{kv.Key} = {CellText.Display(kv.Value, null)}")) + " }";
}
