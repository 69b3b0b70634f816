namespace RobustNotebooks.Kernel.Execution;

/// <summary>The cooperative interrupt flag that rewritten cells poll. .NET cannot abort a thread,
/// so every loop body and function body of a cell starts with a call to <see cref="Check"/>.
/// Public because compiled cells call it.</summary>
public static class CellInterruption
{
    private static volatile bool _requested;

    /// <summary>Called by the code the <see cref="CancellationRewriter"/> inserts.</summary>
    public static void Check()
    {
        if (_requested) throw new OperationCanceledException("The cell was interrupted.");
    }

    public static bool IsRequested => _requested;

    public static void Request() => _requested = true;

    public static void Reset() => _requested = false;
}
