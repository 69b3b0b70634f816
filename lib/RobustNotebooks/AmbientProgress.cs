namespace RobustNotebooks;

/// <summary>Where long library calls report progress when the caller gave them no sink, the way
/// <see cref="AmbientCancellation"/> supplies their cancellation: the innermost <see cref="Use"/> scope
/// (the command line installs its live bar or plain lines per verb), else the host's sink (the notebook
/// kernel installs one display per task that updates in place), else the call's own default (the
/// trainer's plain lines on its log). One mechanism, so <c>trainer.Run()</c> in a cell or a verb needs
/// no progress argument.</summary>
public static class AmbientProgress
{
    private static readonly AsyncLocal<Holder?> Scoped = new();
    private static volatile IProgress<ProgressReport>? _host;

    /// <summary>A sink that drops every report: <c>Use(AmbientProgress.Silent)</c> is --quiet.</summary>
    public static IProgress<ProgressReport> Silent { get; } = new SilentSink();

    /// <summary>The innermost scope's sink, else the host's, else null.</summary>
    public static IProgress<ProgressReport>? Current => Scoped.Value is { } held ? held.Sink : _host;

    /// <summary>The sink a long call uses: the one it was given, else <see cref="Current"/>, else its own default.</summary>
    public static IProgress<ProgressReport>? Choose(IProgress<ProgressReport>? given, IProgress<ProgressReport>? fallback = null) =>
        given ?? Current ?? fallback;

    /// <summary>Makes <paramref name="sink"/> the ambient one for the work this thread (and what it starts)
    /// does until the scope is disposed.</summary>
    public static IDisposable Use(IProgress<ProgressReport> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var previous = Scoped.Value;
        Scoped.Value = new Holder(sink);
        return new Restore(previous);
    }

    /// <summary>The host's sink, or null.</summary>
    public static IProgress<ProgressReport>? Host => _host;

    /// <summary>Sets the host's sink for every thread of the process (null: none).</summary>
    public static void SetHost(IProgress<ProgressReport>? sink) => _host = sink;

    /// <summary>Progress as one display per task that updates in place, through a notebook's display
    /// function: given a value, it shows it and returns the action that replaces the shown value, such as
    /// <c>v =&gt; display(v).Update</c> in our kernel. Both kernels are connected without it: our kernel calls
    /// this when a cell loads the library (with delegate types of the base library, so it needs no reference
    /// to it), and the library itself when it finds it runs inside .NET Interactive
    /// (<see cref="Display.InteractiveDisplay"/>).</summary>
    public static void ShowInPlace(Func<object, Action<object>>? display) => SetHost(display is null ? null : new InPlaceProgress(display));

    private sealed record Holder(IProgress<ProgressReport> Sink);

    private sealed class Restore(Holder? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Scoped.Value = previous;
        }
    }

    private sealed class SilentSink : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) { }
    }
}
