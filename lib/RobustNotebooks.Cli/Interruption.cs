using System.Runtime.InteropServices;

namespace RobustNotebooks.Cli;

/// <summary>Ctrl+C for long verbs: the first SIGINT (or SIGTERM) cancels the token that the work checks once
/// per batch, so a run stops between steps with its last checkpoint intact; a second one ends the process
/// at once. Exit code 130, the shell's code for "interrupted".</summary>
public static class Interruption
{
    public const int ExitCode = 130;

    public static int Run(Func<CancellationToken, int> work)
    {
        using var cancellation = new CancellationTokenSource();
        int signals = 0;
        void Handle(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref signals) > 1) return;
            context.Cancel = true;
            Console.Error.WriteLine("robustnb: stopping after the current step (press Ctrl+C again to end now)");
            cancellation.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        try { return work(cancellation.Token); }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("robustnb: interrupted");
            return ExitCode;
        }
    }
}
