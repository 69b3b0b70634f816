namespace RobustNotebooks.Tests;

/// <summary>The throttle of <see cref="ProgressTracker"/>: however often a long call reports, its sink gets a
/// bounded number of reports, the first and the last always, and the detail text is computed only for them.</summary>
public class ProgressTrackerTests
{
    /// <summary>A clock that moves only when told to.</summary>
    private sealed class FakeTime : TimeProvider
    {
        public long Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private sealed class Recording : IProgress<ProgressReport>
    {
        public readonly List<ProgressReport> Reports = [];

        public void Report(ProgressReport value) => Reports.Add(value);
    }

    [Fact]
    public void Ten_thousand_steps_in_two_seconds_send_at_most_one_report_per_interval()
    {
        var time = new FakeTime();
        var sink = new Recording();
        int details = 0;
        using (var tracker = new ProgressTracker("train", 10_000, "batches", sink, TimeSpan.FromMilliseconds(250), time))
        {
            for (int i = 0; i < 10_000; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(0.2));   // 10,000 steps of 0.2 ms: 2 s in all
                tracker.Step(1, () => $"step {++details}");
            }
            tracker.Finish();
        }
        // 2 s at one report per 250 ms: the first, eight more, and the final one.
        Assert.InRange(sink.Reports.Count, 3, 2000 / 250 + 2);
        Assert.Equal(sink.Reports.Count - 1, details);   // the final report reuses the last detail
        Assert.Equal(1, sink.Reports[0].Done);
        Assert.Equal(ProgressState.Finished, sink.Reports[^1].State);
        Assert.Equal(10_000, sink.Reports[^1].Done);
        Assert.All(sink.Reports.Zip(sink.Reports.Skip(1)), pair =>
            Assert.True(pair.Second.State != ProgressState.Running || pair.Second.Elapsed - pair.First.Elapsed >= TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void A_tight_loop_on_the_real_clock_stays_bounded_by_its_duration()
    {
        var sink = new Recording();
        var tracker = new ProgressTracker("loop", null, "steps", sink);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 2_000_000; i++) tracker.Step();
        var seconds = clock.Elapsed.TotalSeconds;
        tracker.Finish();
        Assert.InRange(sink.Reports.Count, 2, (int)(seconds / ProgressTracker.DefaultInterval.TotalSeconds) + 2);
        Assert.Equal(2_000_000, sink.Reports[^1].Done);
    }

    [Fact]
    public void Forced_reports_pass_the_throttle_and_an_unfinished_task_ends_stopped()
    {
        var time = new FakeTime();
        var sink = new Recording();
        using (var tracker = new ProgressTracker("eval", 4, "batches", sink, TimeSpan.FromSeconds(1), time))
        {
            tracker.Update(0, () => "checking");
            tracker.Update(1, () => "batch 1 done", force: true);
            tracker.Update(1, () => "throttled away");
            time.Advance(TimeSpan.FromSeconds(2));
            tracker.Update(2, () => "batch 2 done");
        }
        Assert.Equal(["checking", "batch 1 done", "batch 2 done", "batch 2 done"], sink.Reports.Select(r => r.Detail));
        Assert.Equal(ProgressState.Stopped, sink.Reports[^1].State);
        Assert.Equal(TimeSpan.FromSeconds(2), sink.Reports[^1].Remaining);   // 2 of 4 done in 2 s
        Assert.Equal("eval: 2/4 batches (50%); stopped after 2s; batch 2 done", sink.Reports[^1].ToString());
    }

    [Fact]
    public void A_call_without_a_sink_uses_the_ambient_one_and_a_scope_restores_the_previous()
    {
        var outer = new Recording();
        var inner = new Recording();
        Assert.Same(AmbientProgress.Silent, AmbientProgress.Choose(AmbientProgress.Silent, outer));
        using (AmbientProgress.Use(outer))
        {
            using (AmbientProgress.Use(inner)) new ProgressTracker("a", 1, "steps", AmbientProgress.Choose(null)).Finish();
            new ProgressTracker("b", 1, "steps", AmbientProgress.Choose(null)).Finish();
        }
        Assert.Equal(["a"], inner.Reports.Select(r => r.Task).Distinct());
        Assert.Equal(["b"], outer.Reports.Select(r => r.Task).Distinct());
    }
}
