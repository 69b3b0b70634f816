namespace RobustNotebooks.Kernel.Execution;

/// <summary>Each cell runs under a cancellation token of its own, which an interrupt cancels for good.
/// .NET cannot abort a thread, so the cell stops cooperatively: every loop body and function body of
/// a cell starts with a call to <see cref="Check"/> (see <see cref="CancellationRewriter"/>), and long
/// library calls check the same token once per batch (the library's AmbientCancellation, connected
/// by <see cref="LibraryConnection"/> when the library is loaded). The token flows with the cell's execution context, so work a
/// cell started in the background (Task.Run, threads) stops with it, and a later cell's fresh token
/// never revives it. Public because compiled cells call it.</summary>
public static class CellInterruption
{
    private static readonly AsyncLocal<CancellationToken> CellToken = new();
    private static CancellationTokenSource? _running;

    /// <summary>The token of the cell this code belongs to (none outside a cell).</summary>
    public static CancellationToken Token => CellToken.Value;

    /// <summary>Called by the code the <see cref="CancellationRewriter"/> inserts.</summary>
    public static void Check()
    {
        var token = CellToken.Value;
        if (token.IsCancellationRequested) throw new OperationCanceledException("The cell was interrupted.", token);
    }

    /// <summary>True when the cell this code belongs to was interrupted.</summary>
    public static bool IsRequested => CellToken.Value.IsCancellationRequested;

    /// <summary>Starts a cell: the token the calling thread (and what it starts) will check. The kernel
    /// cancels it through <see cref="Request"/>.</summary>
    internal static void Enter(CancellationTokenSource cell)
    {
        CellToken.Value = cell.Token;
        Volatile.Write(ref _running, cell);
    }

    /// <summary>Ends the running cell's turn: later interrupts no longer reach it.</summary>
    internal static void Leave(CancellationTokenSource cell) => Interlocked.CompareExchange(ref _running, null, cell);

    /// <summary>Interrupts the running cell, if any (an interrupt while idle does nothing).</summary>
    public static void Request()
    {
        try { Volatile.Read(ref _running)?.Cancel(); }
        catch (ObjectDisposedException) { }
    }
}
