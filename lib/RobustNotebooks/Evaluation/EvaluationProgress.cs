namespace RobustNotebooks.Evaluation;

/// <summary>Where a running evaluation stands: batches done of this run's share (a shard, less what a
/// resume skipped), what it is doing now, and the time left estimated from this session's pace.</summary>
public sealed record EvaluationProgress(string Model, string Stage, int BatchesDone, int BatchesTotal, TimeSpan Elapsed, TimeSpan? Remaining)
{
    public double Fraction => BatchesTotal == 0 ? 1 : (double)BatchesDone / BatchesTotal;

    public override string ToString()
    {
        var eta = Remaining is { } r ? $", about {Format(r)} left" : "";
        return $"[{BatchesDone}/{BatchesTotal} batches, {Format(Elapsed)}{eta}] {Model}: {Stage}";
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0}s";
}
