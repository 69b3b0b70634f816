namespace RobustNotebooks.Display;

/// <summary>Builds the cross tables of <see cref="ResultTable{TRow}.Pivot"/>, the shape of a paper's "attack × defense → accuracy" table.</summary>
internal static class TablePivot
{
    internal static ResultTable<TableRow> Create(ResultTable table, string rowKey, string columnKey, string valueColumn, AggregateKind aggregate)
    {
        int r = table.ColumnIndex(rowKey), c = table.ColumnIndex(columnKey), v = table.ColumnIndex(valueColumn);
        var rowValues = new List<object?>();
        var columnValues = new List<object?>();
        var cells = new Dictionary<(int Row, int Column), List<object?>>();
        for (var i = 0; i < table.RowCount; i++)
        {
            var row = IndexOf(rowValues, table.Value(i, r));
            var column = IndexOf(columnValues, table.Value(i, c));
            if (!cells.TryGetValue((row, column), out var list)) cells[(row, column)] = list = [];
            list.Add(table.Value(i, v));
        }

        var keyColumn = table.Columns[r];
        var headerFormat = table.Columns[c].Format;
        var names = new[] { keyColumn.Name }.Concat(columnValues.Select(k => k is null ? "(none)" : CellText.Display(k, headerFormat))).ToArray();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Pivot would create two columns named '{duplicate.Key}'; rename column '{rowKey}' or format '{columnKey}' differently.");

        var aggregation = new Aggregation(aggregate, valueColumn);
        var rows = rowValues.Select((key, i) =>
        {
            var values = new object?[names.Length];
            values[0] = key;
            for (var j = 0; j < columnValues.Count; j++)
                values[j + 1] = cells.TryGetValue((i, j), out var list) ? aggregation.Compute(list) : null;
            return new TableRow(names, values);
        }).ToArray();

        var valueFormat = aggregate == AggregateKind.Count ? null : table.Columns[v].Format;
        var columns = new List<TableColumn> { new(keyColumn.Name, keyColumn.Type, row => ((TableRow)row)[keyColumn.Name], keyColumn.Format) };
        columns.AddRange(names.Skip(1).Select(name => new TableColumn(name, aggregation.ResultType, row => ((TableRow)row)[name], valueFormat)));
        return new ResultTable<TableRow>(rows, columns);
    }

    private static int IndexOf(List<object?> keys, object? key)
    {
        var index = keys.FindIndex(k => Equals(k, key));
        if (index >= 0) return index;
        keys.Add(key);
        return keys.Count - 1;
    }
}
