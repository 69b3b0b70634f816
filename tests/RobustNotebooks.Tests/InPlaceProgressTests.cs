namespace RobustNotebooks.Tests;

/// <summary>Notebook progress: one display per task, shown once and then updated in place; plain lines for logs.</summary>
public class InPlaceProgressTests
{
    [Fact]
    public void Each_task_is_shown_once_and_updated_in_place_through_its_own_display()
    {
        var shown = new List<(int Display, object Value)>();
        int displays = 0;
        var progress = new InPlaceProgress(value =>
        {
            int id = displays++;
            shown.Add((id, value));
            return updated => shown.Add((id, updated));
        });
        var time = TimeSpan.FromSeconds(1);
        foreach (var task in new[] { 1L, 2L })
        {
            for (int done = 0; done <= 3; done++)
                progress.Report(new ProgressReport(task, "train", done, 3, "batches", time, State: done == 3 ? ProgressState.Finished : ProgressState.Running));
        }
        Assert.Equal(2, displays);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], shown.Select(s => s.Display));
        Assert.All(shown, s => Assert.IsType<ProgressReport>(s.Value));
    }

    [Fact]
    public void A_display_that_fails_does_not_stop_the_work()
    {
        var progress = new InPlaceProgress(_ => throw new IOException("the front end went away"));
        progress.Report(new ProgressReport(1, "train", 0, 3, "batches", TimeSpan.Zero));
        progress.Report(new ProgressReport(1, "train", 1, 3, "batches", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Plain_lines_come_at_each_tenth_and_at_the_end_without_control_sequences()
    {
        var text = new StringWriter();
        var log = new ProgressLog(text);
        for (int done = 0; done <= 1000; done++)
            log.Report(new ProgressReport(7, "train", done, 1000, "batches", TimeSpan.FromMilliseconds(done)));
        log.Report(new ProgressReport(7, "train", 1000, 1000, "batches", TimeSpan.FromSeconds(1), State: ProgressState.Finished));
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);   // the start, ten tenths, the end
        Assert.StartsWith("train: 0/1000 batches (0%)", lines[0]);
        Assert.StartsWith("train: 1000/1000 batches (100%); done in 1s", lines[^1]);
        Assert.DoesNotContain('\u001b', text.ToString());
    }
}
