using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RobustNotebooks.Cli;

/// <summary>The live progress display on a terminal (Spectre.Console): one row per task of the library —
/// its name, a bar, the percentage, units done, the rate, elapsed and remaining time, and what it is doing
/// now — redrawn in place a few times a second on stderr. While it runs, every line written to stderr (and
/// to stdout when stdout is the same terminal) is printed above the bars, so epoch metrics and notes stay
/// in the scrollback instead of tearing the display.</summary>
internal static class LiveProgress
{
    public static int Run(Func<int> work)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(stderr),
        });
        var progress = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 24 },
                new PercentageColumn(),
                new ReportColumn(r => r.Total is { } t ? $"{r.Done}/{t}" : $"{r.Done}", Justify.Right),
                new ReportColumn(r => r.Rate is { } rate ? $"{ProgressReport.FormatRate(rate)} {r.Unit}/s" : "", Justify.Right),
                new ReportColumn(Times, Justify.Right),
                // The detail takes the width left and wraps inside its cell: a row wider than the terminal
                // would wrap on the screen, where the display can no longer redraw it in place.
                new ReportColumn(r => r.Detail ?? "", Justify.Left, new Style(Color.Grey), wrap: true));
        return progress.Start(context =>
        {
            using var lines = new LinesAbove(console);
            Console.SetError(lines);
            if (!Console.IsOutputRedirected) Console.SetOut(lines);
            try
            {
                using var sink = AmbientProgress.Use(new Rows(context));
                return work();
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                // Spectre redraws once more only after a normal end; a stopped task should say so too.
                context.Refresh();
            }
        });
    }

    private static string Times(ProgressReport r) => r.State switch
    {
        ProgressState.Finished => $"done in {ProgressReport.FormatDuration(r.Elapsed)}",
        ProgressState.Stopped => $"stopped at {ProgressReport.FormatDuration(r.Elapsed)}",
        _ => ProgressReport.FormatDuration(r.Elapsed) + (r.Remaining is { } left ? $", {ProgressReport.FormatDuration(left)} left" : ""),
    };

    /// <summary>The sink: a row per task id, its last report kept in the row's tag for the columns.</summary>
    private sealed class Rows(ProgressContext context) : IProgress<ProgressReport>
    {
        private readonly Dictionary<long, ProgressTask> _rows = new();

        public void Report(ProgressReport report)
        {
            lock (_rows)
            {
                if (!_rows.TryGetValue(report.Id, out var row))
                {
                    row = context.AddTask(Markup.Escape(report.Task), autoStart: true, maxValue: 1);
                    _rows[report.Id] = row;
                }
                row.Tag = report;
                row.IsIndeterminate = report.Total is null && report.State == ProgressState.Running;
                // A task with nothing to do (a resumed run already at its end) is full, not 0/0.
                row.MaxValue = Math.Max(1, report.Total ?? 1);
                row.Value = report.Total is 0 || report.State == ProgressState.Finished ? row.MaxValue : Math.Min(report.Done, row.MaxValue);
                if (report.State != ProgressState.Running) row.StopTask();
            }
        }
    }

    private sealed class ReportColumn(Func<ProgressReport, string> text, Justify alignment, Style? style = null, bool wrap = false) : ProgressColumn
    {
        protected override bool NoWrap => !wrap;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is ProgressReport r ? text(r) : "", style ?? Style.Plain) { Justification = alignment, Overflow = wrap ? Overflow.Fold : Overflow.Ellipsis };
    }

    /// <summary>A writer that prints each complete line through the live console, above the bars, as plain
    /// text (never markup: lines hold brackets such as [120/469]). Lines are handed to a thread of their own:
    /// Console.Out's writer is locked while a line is written, the terminal-size query of a redraw takes
    /// that same lock, and the display holds its own lock while it redraws, so printing through the display
    /// from inside the writer's lock could deadlock with the refresh thread.</summary>
    private sealed class LinesAbove : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = new();
        private readonly Thread _printer;

        public LinesAbove(IAnsiConsole console)
        {
            _printer = new Thread(() =>
            {
                foreach (var line in _lines.GetConsumingEnumerable())
                {
                    console.Write(new AboveTheBars(line));
                }
            }) { IsBackground = true, Name = "progress lines" };
            _printer.Start();
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n') Emit();
                else if (value != '\r') _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            lock (_line) foreach (var c in value) Write(c);
        }

        // Hands over a partial line without waiting for it: a caller may hold Console.Out's lock.
        public override void Flush()
        {
            lock (_line) if (_line.Length > 0) Emit();
        }

        /// <summary>Prints what is left; called once Console.Out and Console.Error are restored.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
                _lines.CompleteAdding();
                _printer.Join();
            }
            base.Dispose(disposing);
        }

        private void Emit()
        {
            _lines.Add(_line.ToString());
            _line.Clear();
        }
    }

    /// <summary>A line printed while the bars show: the display puts the cursor at its top and redraws itself
    /// below the line, but does not clear what it drew before, so the line first erases to the end of the
    /// screen (a wrapped line shorter than the old bars would otherwise keep their tail).</summary>
    private sealed class AboveTheBars(string line) : IRenderable
    {
        private readonly IRenderable _text = new Text(line + "\n");

        public Measurement Measure(RenderOptions options, int maxWidth) => _text.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            [Segment.Control("\u001b[J"), .. _text.Render(options, maxWidth)];
    }
}
