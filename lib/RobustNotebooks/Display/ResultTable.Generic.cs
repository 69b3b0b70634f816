using System.Collections;

namespace RobustNotebooks.Display;

/// <summary>
/// An immutable table of typed rows (usually records, one per measurement) with the operations a results
/// section needs: <see cref="Where"/>, <see cref="OrderBy{TKey}"/>/ThenBy, <see cref="Select"/>,
/// <see cref="GroupBy"/> with aggregates, <see cref="Pivot"/>, CSV out and back in. It is also an
/// <see cref="IReadOnlyList{T}"/>, so LINQ works on it directly.
/// </summary>
public class ResultTable<TRow> : ResultTable, IReadOnlyList<TRow>
{
    private readonly TRow[] _rows;

    public ResultTable(IEnumerable<TRow> rows) : this(Materialize(rows), null, null, null) { }

    public ResultTable(IEnumerable<TRow> rows, IReadOnlyList<TableColumn> columns) : this(Materialize(rows), columns, null, null) { }

    private protected ResultTable(TRow[] rows, IReadOnlyList<TableColumn>? columns, string? title, int? displayMaxRows)
        : base(columns ?? DefaultColumns(rows), title, displayMaxRows)
    {
        _rows = rows;
    }

    public IReadOnlyList<TRow> Rows => _rows;
    public override int RowCount => _rows.Length;
    public int Count => _rows.Length;
    public TRow this[int index] => _rows[index];

    public ResultTable<TRow> Where(Func<TRow, bool> predicate) => With(_rows.Where(predicate).ToArray());

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public ResultTable<TRow> Head(int count = 5) => With(_rows.Take(count).ToArray());

    public OrderedResultTable<TRow> OrderBy<TKey>(Func<TRow, TKey> key) => Ordered(_rows.OrderBy(key));
    public OrderedResultTable<TRow> OrderByDescending<TKey>(Func<TRow, TKey> key) => Ordered(_rows.OrderByDescending(key));

    /// <summary>Sorts by a column name (works on group-by and pivot results too); chain ThenBy for more keys.</summary>
    public OrderedResultTable<TRow> OrderBy(string column, bool descending = false)
    {
        var read = Columns[ColumnIndex(column)].Read;
        return Ordered(descending
            ? _rows.OrderByDescending(r => read(r!), CellComparer.Instance)
            : _rows.OrderBy(r => read(r!), CellComparer.Instance));
    }

    /// <summary>Keeps only the named columns, in the given order.</summary>
    public ResultTable<TRow> Select(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("Select needs at least one column.", nameof(columns));
        return With(columns: columns.Select(name => Columns[ColumnIndex(name)]).ToArray());
    }

    /// <summary>Adds a computed column, e.g. <c>WithColumn("error", r =&gt; 1 - r.Accuracy, "P1")</c>.</summary>
    public ResultTable<TRow> WithColumn<TValue>(string name, Func<TRow, TValue> value, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var column = new TableColumn(name, typeof(TValue), row => value((TRow)row), format);
        return With(columns: [.. Columns.Where(c => c.Name != name), column]);
    }

    /// <summary>Sets the display format of a column (.NET format string such as "P1", "0.000", "N0").</summary>
    public ResultTable<TRow> WithFormat(string column, string format) =>
        With(columns: Columns.Select(c => c.Name == column ? c with { Format = format } : c).ToArray(), check: column);

    public ResultTable<TRow> RenameColumn(string column, string newName) =>
        With(columns: Columns.Select(c => c.Name == column ? c with { Name = newName } : c).ToArray(), check: column);

    public ResultTable<TRow> WithTitle(string title) => new(_rows, Columns, title, DisplayMaxRows);

    /// <summary>How many rows notebooks and ToString() show before "… N more rows".</summary>
    public ResultTable<TRow> WithDisplayMaxRows(int maxRows)
    {
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), "Show at least one row.");
        return new ResultTable<TRow>(_rows, Columns, Title, maxRows);
    }

    /// <summary>Groups rows by the values of the key columns (groups in order of first appearance).</summary>
    public GroupedTable GroupBy(params string[] keyColumns) => new(this, keyColumns);

    /// <summary>
    /// A cross table: one row per value of <paramref name="rows"/>, one column per value of
    /// <paramref name="columns"/>, each cell the aggregate of <paramref name="values"/> over matching rows
    /// (empty when none match). E.g. <c>Pivot(rows: "Attack", columns: "Defense", values: "Accuracy")</c>.
    /// </summary>
    public ResultTable<TableRow> Pivot(string rows, string columns, string values, AggregateKind aggregate = AggregateKind.Mean) =>
        TablePivot.Create(this, rows, columns, values, aggregate);

    /// <summary>Reads CSV written by <see cref="ResultTable.ToCsv"/> (or any RFC 4180 CSV with matching headers) back into rows.</summary>
    public static ResultTable<TRow> ReadCsv(string path) => ParseCsv(File.ReadAllText(path));

    public static ResultTable<TRow> ParseCsv(string csv) => new(CsvRowBinder.Bind<TRow>(Csv.Parse(csv)));

    public IEnumerator<TRow> GetEnumerator() => ((IEnumerable<TRow>)_rows).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private protected override object? RowObject(int row) => _rows[row];

    private ResultTable<TRow> With(TRow[]? rows = null, IReadOnlyList<TableColumn>? columns = null, string? check = null)
    {
        if (check is not null) ColumnIndex(check);
        return new ResultTable<TRow>(rows ?? _rows, columns ?? Columns, Title, DisplayMaxRows);
    }

    private OrderedResultTable<TRow> Ordered(IOrderedEnumerable<TRow> order) => new(order, Columns, Title, DisplayMaxRows);

    private static TRow[] Materialize(IEnumerable<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = rows.ToArray();
        if (!typeof(TRow).IsValueType && array.Any(r => r is null)) throw new ArgumentException("A table cannot hold null rows.", nameof(rows));
        return array;
    }

    private static IReadOnlyList<TableColumn> DefaultColumns(TRow[] rows)
    {
        if (typeof(TRow) == typeof(TableRow))
        {
            if (rows.Length == 0) throw new ArgumentException("An empty table of TableRow needs its columns given explicitly.");
            var first = (TableRow)(object)rows[0]!;
            return first.Keys.Select(name => new TableColumn(name,
                rows.Select(r => ((TableRow)(object)r!)[name]).FirstOrDefault(v => v is not null)?.GetType() ?? typeof(object),
                r => ((TableRow)r)[name])).ToArray();
        }
        // Rows without properties of their own (numbers, strings) are their own single column.
        var columns = IsScalar(typeof(TRow)) ? [] : TableColumn.FromProperties(typeof(TRow));
        return columns.Count > 0 ? columns : [new TableColumn("Value", typeof(TRow), r => r)];
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || Nullable.GetUnderlyingType(type) is not null;
}
