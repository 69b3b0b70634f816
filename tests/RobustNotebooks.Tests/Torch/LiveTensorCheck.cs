using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Base class of engine tests: every test must leave Tensor.LiveCount where it found it, so a
/// forgotten Dispose (or a scope that frees too little) fails the test that caused it.</summary>
public abstract class LiveTensorCheck : IDisposable
{
    private readonly long _baseline;

    protected LiveTensorCheck()
    {
        // Tensors an earlier test dropped without disposing are freed by finalizers; settle them
        // now so they cannot move the count while this test runs.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _baseline = Tensor.LiveCount;
    }

    public virtual void Dispose()
    {
        var now = Tensor.LiveCount;
        GC.SuppressFinalize(this);
        Assert.True(now == _baseline, $"the test leaked {now - _baseline} tensor(s): live count {now}, baseline {_baseline}");
    }
}
