namespace RobustNotebooks;

/// <summary>Notebook progress: each task is one display, shown at its first report and replaced in place
/// by every later one (Jupyter's display_data with a display id, then update_display_data), instead of a
/// printed line per step. The shown value is the <see cref="ProgressReport"/> itself; the library's
/// formatters draw it as a bar (HTML) and a line (text) in both kernels.</summary>
/// <param name="display">shows a value and returns the action that replaces it (both kernels:
/// <c>v =&gt; display(v).Update</c>)</param>
public sealed class InPlaceProgress(Func<object, Action<object>> display) : IProgress<ProgressReport>
{
    // A task's update action; null once showing or updating it failed.
    private readonly Dictionary<long, Action<object>?> _shown = new();

    public void Report(ProgressReport report)
    {
        lock (_shown)
        {
            try
            {
                if (!_shown.TryGetValue(report.Id, out var update)) _shown[report.Id] = display(report);
                else update?.Invoke(report);
            }
            catch (Exception)
            {
                // A display that cannot be shown or updated (the front end went away) must not stop the
                // work it reports on; that task's later reports are dropped.
                _shown[report.Id] = null;
            }
            if (report.State != ProgressState.Running) _shown.Remove(report.Id);
        }
    }
}
