using System.CommandLine;

namespace RobustNotebooks.Cli;

/// <summary>How a long verb (train, eval, replicate, zoo train, data prepare, quickstart) shows the
/// library's progress reports: a live display with bars, rate and time left when stderr is a terminal
/// (<see cref="LiveProgress"/>), plain lines on stderr when it is redirected (a log, CI: no terminal
/// control sequences), nothing with --quiet. Results go to stdout and errors to stderr either way. The
/// verb installs the choice as the ambient sink (<see cref="AmbientProgress"/>), so the library's calls
/// need no progress argument; a verb run by another (zoo train runs train) keeps the outer verb's.</summary>
public static class CliProgress
{
    private static readonly AsyncLocal<bool> InVerb = new();

    /// <summary>--quiet (-q), the same on every long verb.</summary>
    public static Option<bool> QuietOption()
    {
        var option = CliOption.Flag("--quiet", "no progress display or progress lines (results and errors are still printed)");
        option.Aliases.Add("-q");
        return option;
    }

    /// <summary>What stderr gets: live when it is a terminal that understands control sequences.</summary>
    public static bool StderrIsTerminal =>
        !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or "");

    public static int Run(bool quiet, Func<int> work)
    {
        if (InVerb.Value) return work();
        InVerb.Value = true;
        try
        {
            if (quiet)
            {
                using var silent = AmbientProgress.Use(AmbientProgress.Silent);
                return work();
            }
            if (StderrIsTerminal) return LiveProgress.Run(work);
            using var plain = AmbientProgress.Use(new ProgressLog(Console.Error));
            return work();
        }
        finally
        {
            InVerb.Value = false;
        }
    }
}
