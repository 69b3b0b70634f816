using RobustNotebooks.Cli;

namespace RobustNotebooks.Tests.Cli;

/// <summary>One in-process <c>robustnb</c> invocation with its exit code and both output streams.</summary>
public sealed record CapturedRun(int Exit, string Out, string Err)
{
    public static CapturedRun Of(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return new CapturedRun(RobustnbCli.Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
