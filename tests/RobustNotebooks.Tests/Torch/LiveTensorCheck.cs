using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>A snapshot of the tensor counts. <see cref="Leaked"/> collects first and then counts every
/// tensor created since the snapshot that nobody disposed: still alive, or freed by the garbage
/// collector. Counting the live tensors only would miss a leak that a collection happened to finalize.</summary>
public sealed class LeakCount
{
    private readonly long _live;
    private readonly long _finalized;

    public LeakCount()
    {
        // Settle what earlier code dropped, so that it cannot move the counts afterwards.
        Settle();
        _live = Tensor.LiveCount;
        _finalized = Tensor.FinalizedCount;
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Tensors still alive beyond the snapshot, without collecting.</summary>
    public long Live => Tensor.LiveCount - _live;

    /// <summary>Tensors created since the snapshot and never disposed (alive or finalized).</summary>
    public long Leaked
    {
        get
        {
            Settle();
            return Tensor.FinalizedCount - _finalized + (Tensor.LiveCount - _live);
        }
    }
}

/// <summary>Base class of engine tests: every test must dispose every tensor it creates (explicitly or
/// through a dispose scope), so a forgotten Dispose, or a scope that frees too little, fails the test
/// that caused it, also when a garbage collection finalized the tensor meanwhile.</summary>
public abstract class LiveTensorCheck : IDisposable
{
    private readonly LeakCount _count = new();

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
        var leaked = _count.Leaked;
        Assert.True(leaked == 0, $"the test left {leaked} tensor(s) undisposed (alive or freed only by the garbage collector)");
    }
}
