using System.Globalization;

namespace RobustNotebooks;

/// <summary>Where a running task stands, from one long call of the library: training, evaluation,
/// replication, data preparation. Every outlet reads the same report — the command line's live bar or
/// plain lines, the notebook's display that updates in place — so they all show the same numbers.</summary>
/// <param name="Id">distinguishes two runs of a task with the same name (two trainings in one cell)</param>
/// <param name="Task">what runs, e.g. "train lenetpp on Fashion-MNIST"</param>
/// <param name="Done">units finished so far in this call (a resumed run counts from where it resumed)</param>
/// <param name="Total">units this call will do, or null when unknown</param>
/// <param name="Unit">what is counted, plural: "batches", "files"</param>
/// <param name="Detail">what it is doing now, e.g. "epoch 2/5, loss 0.412"</param>
public sealed record ProgressReport(long Id, string Task, long Done, long? Total, string Unit, TimeSpan Elapsed, string? Detail = null,
    ProgressState State = ProgressState.Running)
{
    public double? Fraction => Total is { } t ? t == 0 ? 1 : Math.Clamp((double)Done / t, 0, 1) : null;

    /// <summary>Units per second since the task started; null before the first unit.</summary>
    public double? Rate => Done > 0 && Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : null;

    /// <summary>The time left at this call's mean pace; null while unknown, zero once finished.</summary>
    public TimeSpan? Remaining =>
        State == ProgressState.Finished ? TimeSpan.Zero
        : Total is { } t && Rate is { } r ? TimeSpan.FromSeconds(Math.Max(0, t - Done) / r)
        : null;

    /// <summary>One plain line: what the command line prints when its output is not a terminal, and the
    /// notebook display's text. "train lenetpp: 120/469 batches (26%), 7.10 batches/s, 17s elapsed,
    /// about 49s left; epoch 1/3, loss 0.532".</summary>
    public override string ToString() => $"{Task}: {Counts()}; {Timing()}{(Detail is { Length: > 0 } d ? "; " + d : "")}";

    /// <summary>"120/469 batches (26%)", or "120 batches" when the total is unknown.</summary>
    public string Counts() => Total is { } t
        ? $"{Done}/{t} {Unit} ({Fraction!.Value.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "")})"
        : $"{Done} {Unit}";

    /// <summary>"7.10 batches/s, 17s elapsed, about 49s left"; a finished task says how long it took.</summary>
    public string Timing() => State switch
    {
        ProgressState.Finished => $"done in {FormatDuration(Elapsed)}{(Rate is { } r ? $", {FormatRate(r)} {Unit}/s" : "")}",
        ProgressState.Stopped => $"stopped after {FormatDuration(Elapsed)}",
        _ => string.Join(", ", new[]
        {
            Rate is { } r ? $"{FormatRate(r)} {Unit}/s" : null,
            $"{FormatDuration(Elapsed)} elapsed",
            Remaining is { } left ? $"about {FormatDuration(left)} left" : null,
        }.OfType<string>()),
    };

    /// <summary>"17s", "3m05s", "1h02m".</summary>
    public static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{Math.Floor(t.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)}s";

    /// <summary>Three significant digits: "0.412", "7.10", "421".</summary>
    public static string FormatRate(double perSecond) =>
        (perSecond >= 100 ? perSecond.ToString("0", CultureInfo.InvariantCulture)
        : perSecond >= 10 ? perSecond.ToString("0.0", CultureInfo.InvariantCulture)
        : perSecond >= 1 ? perSecond.ToString("0.00", CultureInfo.InvariantCulture)
        : perSecond.ToString("0.000", CultureInfo.InvariantCulture));
}

/// <summary>A task runs until it finishes or is stopped (an interrupt, an error).</summary>
public enum ProgressState
{
    Running,
    Finished,
    Stopped,
}
