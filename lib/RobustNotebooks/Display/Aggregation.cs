namespace RobustNotebooks.Display;

/// <summary>
/// One output column of a group-by: an <see cref="AggregateKind"/> over a source column. Missing values
/// (null, NaN) are skipped, as pandas does; an empty group gives NaN (0 for Sum and Count).
/// </summary>
public sealed record Aggregation(AggregateKind Kind, string? Column)
{
    /// <summary>Header of the output column; defaults to "mean(Accuracy)", "count", ...</summary>
    public string? Name { get; init; }

    public string OutputName => Name ?? (Column is null ? "count" : $"{Kind.ToString().ToLowerInvariant()}({Column})");

    /// <summary>The same aggregation under another header: <c>Agg.Mean("Accuracy").As("accuracy")</c>.</summary>
    public Aggregation As(string name) => this with { Name = name };

    internal Type ResultType => Kind == AggregateKind.Count ? typeof(int) : typeof(double);

    internal object Compute(IReadOnlyList<object?> values)
    {
        if (Kind == AggregateKind.Count) return Column is null ? values.Count : values.Count(v => v is not null && !(CellText.TryGetDouble(v, out var d) && double.IsNaN(d)));
        var numbers = new List<double>(values.Count);
        foreach (var value in values)
        {
            if (value is null) continue;
            if (!CellText.TryGetDouble(value, out var d))
                throw new InvalidOperationException($"{Kind.ToString().ToLowerInvariant()} needs numbers, but column '{Column}' holds {value.GetType().Name} ('{value}').");
            if (!double.IsNaN(d)) numbers.Add(d);
        }
        return Compute(Kind, numbers);
    }

    internal static double Compute(AggregateKind kind, IReadOnlyList<double> numbers)
    {
        switch (kind)
        {
            case AggregateKind.Count: return numbers.Count;
            case AggregateKind.Sum: return numbers.Sum();
        }
        if (numbers.Count == 0) return double.NaN;
        switch (kind)
        {
            case AggregateKind.Mean: return numbers.Average();
            case AggregateKind.Min: return numbers.Min();
            case AggregateKind.Max: return numbers.Max();
            case AggregateKind.Std:
                if (numbers.Count < 2) return double.NaN;
                var mean = numbers.Average();
                return Math.Sqrt(numbers.Sum(x => (x - mean) * (x - mean)) / (numbers.Count - 1));
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
