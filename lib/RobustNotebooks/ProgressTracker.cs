namespace RobustNotebooks;

/// <summary>Reports one long task to a sink, throttled: the first report goes out at once, later ones at
/// most once per <see cref="Interval"/> (a few per second), the last one always. A training step pays a
/// clock read for it; the detail text is a function, called only for the reports that go out, so a detail
/// that reads a device value (the running loss) does not synchronise every step. Disposing a tracker that
/// did not finish reports it stopped (an interrupted cell, an error).</summary>
public sealed class ProgressTracker : IDisposable
{
    /// <summary>At most four updates a second: enough for a live bar, nothing a training step would notice.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private static long _lastId;

    private readonly IProgress<ProgressReport>? _sink;
    private readonly TimeProvider _time;
    private readonly long _started;
    private TimeSpan? _lastSent;
    private string? _detail;

    /// <param name="sink">where reports go; null reports nothing (see <see cref="AmbientProgress.Choose"/>)</param>
    /// <param name="time">the clock (tests pass a fake one)</param>
    public ProgressTracker(string task, long? total, string unit, IProgress<ProgressReport>? sink, TimeSpan? interval = null, TimeProvider? time = null)
    {
        Task = task;
        Total = total;
        Unit = unit;
        _sink = sink;
        Interval = interval ?? DefaultInterval;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        Id = Interlocked.Increment(ref _lastId);
    }

    public long Id { get; }
    public string Task { get; }
    public long? Total { get; }
    public string Unit { get; }
    public TimeSpan Interval { get; }
    public long Done { get; private set; }
    public ProgressState State { get; private set; }

    /// <summary>How many reports went out (a throttled call sends none).</summary>
    public int Sent { get; private set; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Counts <paramref name="count"/> more units done.</summary>
    public void Step(long count = 1, Func<string?>? detail = null) => Update(Done + count, detail);

    /// <summary>Sets the units done; reports when the interval has passed since the last report, or when
    /// <paramref name="force"/> says this one matters (a finished evaluation batch, a change of stage).</summary>
    public void Update(long done, Func<string?>? detail = null, bool force = false)
    {
        Done = done;
        if (_sink is null || State != ProgressState.Running) return;
        var now = Elapsed;
        if (!force && _lastSent is { } last && now - last < Interval) return;
        Send(now, detail);
    }

    /// <summary>Reports the task finished (its done count becomes the total when one is known).</summary>
    public void Finish(string? detail = null) => End(ProgressState.Finished, detail);

    /// <summary>Reports the task stopped before its end, unless it finished.</summary>
    public void Dispose() => End(ProgressState.Stopped, null);

    private void End(ProgressState state, string? detail)
    {
        if (State != ProgressState.Running) return;
        if (state == ProgressState.Finished && Total is { } total) Done = Math.Max(Done, total);
        State = state;
        if (_sink is null) return;
        if (detail is not null) _detail = detail;
        Send(Elapsed, null);
    }

    private void Send(TimeSpan now, Func<string?>? detail)
    {
        if (detail is not null) _detail = detail();
        _lastSent = now;
        Sent++;
        _sink!.Report(new ProgressReport(Id, Task, Done, Total, Unit, now, _detail, State));
    }
}
