namespace RobustNotebooks.Display;

/// <summary>A sorted table that can take further sort keys, as LINQ's OrderBy(...).ThenBy(...).</summary>
public sealed class OrderedResultTable<TRow> : ResultTable<TRow>
{
    private readonly IOrderedEnumerable<TRow> _order;

    internal OrderedResultTable(IOrderedEnumerable<TRow> order, IReadOnlyList<TableColumn> columns, string? title, int? displayMaxRows)
        : base(order.ToArray(), columns, title, displayMaxRows)
    {
        _order = order;
    }

    public OrderedResultTable<TRow> ThenBy<TKey>(Func<TRow, TKey> key) => Next(_order.ThenBy(key));
    public OrderedResultTable<TRow> ThenByDescending<TKey>(Func<TRow, TKey> key) => Next(_order.ThenByDescending(key));

    public OrderedResultTable<TRow> ThenBy(string column, bool descending = false)
    {
        var read = Columns[ColumnIndex(column)].Read;
        return Next(descending
            ? _order.ThenByDescending(r => read(r!), CellComparer.Instance)
            : _order.ThenBy(r => read(r!), CellComparer.Instance));
    }

    private OrderedResultTable<TRow> Next(IOrderedEnumerable<TRow> order) => new(order, Columns, Title, DisplayMaxRows);
}
