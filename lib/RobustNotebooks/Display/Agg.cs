namespace RobustNotebooks.Display;

/// <summary>Short factories for group-by aggregations: <c>table.GroupBy("Attack").Aggregate(Agg.Count(), Agg.Mean("Accuracy"))</c>.</summary>
public static class Agg
{
    /// <summary>Rows in the group.</summary>
    public static Aggregation Count() => new(AggregateKind.Count, null);

    /// <summary>Non-missing values of a column in the group.</summary>
    public static Aggregation Count(string column) => new(AggregateKind.Count, column);

    public static Aggregation Mean(string column) => new(AggregateKind.Mean, column);
    public static Aggregation Std(string column) => new(AggregateKind.Std, column);
    public static Aggregation Min(string column) => new(AggregateKind.Min, column);
    public static Aggregation Max(string column) => new(AggregateKind.Max, column);
    public static Aggregation Sum(string column) => new(AggregateKind.Sum, column);
}
