namespace RobustNotebooks;

/// <summary>The cancellation that long library work honours besides the token it is given: a host
/// supplies one for the work it runs. The notebook kernel connects each cell's interrupt here, so
/// <c>trainer.Run()</c> in a cell stops at its next batch when the cell is interrupted, although the
/// call passed no token.</summary>
public static class AmbientCancellation
{
    private static volatile Func<CancellationToken>? _source;

    /// <summary>Sets where the ambient token comes from (the kernel: the running cell's token); null
    /// for none.</summary>
    public static void SetSource(Func<CancellationToken>? source) => _source = source;

    /// <summary>The host's token for the work on this thread, or none.</summary>
    public static CancellationToken Token => _source?.Invoke() ?? CancellationToken.None;

    /// <summary>Throws OperationCanceledException when either the given token or the ambient one is cancelled.</summary>
    public static void ThrowIfCancellationRequested(CancellationToken given = default)
    {
        given.ThrowIfCancellationRequested();
        Token.ThrowIfCancellationRequested();
    }
}
