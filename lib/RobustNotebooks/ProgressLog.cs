namespace RobustNotebooks;

/// <summary>Progress as plain lines, for logs and CI: a line when a task starts, whenever it has done
/// another tenth of its total or <see cref="Every"/> has passed with news, and when it ends. No
/// terminal control sequences, and few enough lines that a log stays readable.</summary>
public sealed class ProgressLog(TextWriter writer) : IProgress<ProgressReport>
{
    /// <summary>The longest a running task goes without a line while it reports.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, ProgressReport> _printed = new();

    public void Report(ProgressReport report)
    {
        lock (_printed)
        {
            bool print = !_printed.TryGetValue(report.Id, out var last)
                || report.State != ProgressState.Running
                || report.Fraction - last.Fraction >= 0.1 - 1e-9
                || (report.Elapsed - last.Elapsed >= Every && (report.Done != last.Done || report.Detail != last.Detail));
            if (!print) return;
            if (report.State == ProgressState.Running) _printed[report.Id] = report;
            else _printed.Remove(report.Id);
            writer.WriteLine(report.ToString());
        }
    }
}
