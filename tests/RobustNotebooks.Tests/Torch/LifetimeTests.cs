using System.Diagnostics;
using System.Runtime.CompilerServices;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Tensors the program no longer references are freed by their finalizer, never while a
/// native call still reads them; and the leak check counts tensors that only the collector freed.</summary>
public class LifetimeTests
{
    [Fact]
    public void UnscopedIntermediatesSurviveCollectionsDuringTheNativeCallsThatReadThem()
    {
        using var x = arange(16, dtype: float32).div_(16);
        double expectedSum, expectedMean;
        using (NewDisposeScope())
        {
            expectedSum = x.exp().sum().item<double>();
            expectedMean = (x + 1).relu().mean().item<double>();
        }
        using var stop = new CancellationTokenSource();
        // Collections as often as possible: each intermediate (x.exp(), x + 1, its relu) is referenced by
        // nothing while the next native call reads it, so only the call itself may keep it alive.
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        int rounds = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                var sum = x.exp().sum().item<double>();
                var mean = (x + 1).relu().mean().item<double>();
                Assert.True(Math.Abs(sum - expectedSum) <= 1e-6 * expectedSum, $"round {rounds}: sum {sum} instead of {expectedSum}");
                Assert.True(Math.Abs(mean - expectedMean) <= 1e-6 * expectedMean, $"round {rounds}: mean {mean} instead of {expectedMean}");
                Assert.Equal([16L], (x * 2).shape);
                rounds++;
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(rounds > 1000, $"only {rounds} rounds ran");
        LeakCount.Settle();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropATensor() => _ = ones(3);

    [Fact]
    public void TheLeakCheckCountsATensorThatOnlyTheCollectorFreed()
    {
        var count = new LeakCount();
        DropATensor();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Counting live tensors alone sees nothing: the collector freed the leak.
        Assert.Equal(0, count.Live);
        Assert.Equal(1, count.Leaked);
    }

    [Fact]
    public void DisposedTensorsAreNotCountedAsLeaks()
    {
        var count = new LeakCount();
        using (NewDisposeScope()) _ = ones(3) + 1;
        ones(2).Dispose();
        Assert.Equal(0, count.Leaked);
    }
}
