namespace RobustNotebooks.Display;

/// <summary>Rows grouped by key columns, waiting for the aggregates that turn each group into one row.</summary>
public sealed class GroupedTable
{
    private readonly ResultTable _table;
    private readonly int[] _keys;

    internal GroupedTable(ResultTable table, string[] keyColumns)
    {
        if (keyColumns.Length == 0) throw new ArgumentException("GroupBy needs at least one key column.", nameof(keyColumns));
        _table = table;
        _keys = keyColumns.Select(table.ColumnIndex).ToArray();
    }

    /// <summary>Number of groups.</summary>
    public int Count => Groups().Count;

    /// <summary>A table with the key columns followed by one column per aggregation, one row per group.</summary>
    public ResultTable<TableRow> Aggregate(params Aggregation[] aggregations)
    {
        if (aggregations.Length == 0) throw new ArgumentException("Aggregate needs at least one aggregation, e.g. Agg.Mean(\"Accuracy\").", nameof(aggregations));
        var sources = aggregations.Select(a => a.Column is null ? -1 : _table.ColumnIndex(a.Column)).ToArray();
        var columns = _keys.Select(k => _table.Columns[k]).Select(c => (c.Name, c.Type, c.Format))
            .Concat(aggregations.Select((a, i) => (a.OutputName, a.ResultType, a.Kind == AggregateKind.Count ? null : _table.Columns[sources[i]].Format)))
            .ToArray();
        var names = columns.Select(c => c.Item1).ToArray();
        var rows = Groups().Select(group =>
        {
            var values = new List<object?>(group.Key.Values);
            for (var a = 0; a < aggregations.Length; a++)
            {
                var cells = sources[a] < 0
                    ? group.Value.Select(r => (object?)r).ToList()
                    : group.Value.Select(r => _table.Value(r, sources[a])).ToList();
                values.Add(aggregations[a].Compute(cells));
            }
            return new TableRow(names, values);
        }).ToArray();
        var tableColumns = columns.Select(c => new TableColumn(c.Item1, c.Item2, r => ((TableRow)r)[c.Item1], c.Item3)).ToArray();
        return new ResultTable<TableRow>(rows, tableColumns);
    }

    /// <summary>The mean of each named column per group.</summary>
    public ResultTable<TableRow> Mean(params string[] columns) => Aggregate(columns.Select(Agg.Mean).ToArray());

    private List<KeyValuePair<GroupKey, List<int>>> Groups()
    {
        var groups = new Dictionary<GroupKey, List<int>>();
        var order = new List<GroupKey>();
        for (var r = 0; r < _table.RowCount; r++)
        {
            var key = new GroupKey(_keys.Select(k => _table.Value(r, k)).ToArray());
            if (!groups.TryGetValue(key, out var rows))
            {
                groups[key] = rows = [];
                order.Add(key);
            }
            rows.Add(r);
        }
        return order.Select(k => new KeyValuePair<GroupKey, List<int>>(k, groups[k])).ToList();
    }
}
