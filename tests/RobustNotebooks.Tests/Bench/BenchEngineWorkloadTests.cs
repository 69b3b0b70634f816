using RobustNotebooks.Nn;
using RobustNotebooks.Cli;
using RobustNotebooks.Cli.Commands;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Bench;

/// <summary>The benchmark's workloads compute what they claim (timings are never asserted here).</summary>
public class BenchEngineWorkloadTests : LiveTensorCheck
{
    [Fact]
    public void LeNetPlusPlusHasThePapersShapes()
    {
        using var model = BenchEngineWorkloads.LeNetPlusPlus();
        // conv 1→32, 32→32, 32→64, 64→64, 64→128, 128→128 (5×5 + bias), 3 PReLUs of 1 + one after FC, FC 1152→2, 2→10
        long expected = (32 * 25 + 32) + (32 * 32 * 25 + 32) + (64 * 32 * 25 + 64) + (64 * 64 * 25 + 64)
            + (128 * 64 * 25 + 128) + (128 * 128 * 25 + 128) + 7 * 1 + (1152 * 2 + 2) + (2 * 10 + 10);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        using var scope = NewDisposeScope();
        Assert.Equal([3L, 10L], model.call(zeros(3, 1, 28, 28)).shape);
    }

    [Fact]
    public void PgdStaysInTheEpsilonBallAndBeatsRandomNoiseOfTheSameSize()
    {
        manual_seed(5);
        using var model = BenchEngineWorkloads.LeNetPlusPlus();
        model.eval();
        var (x, y, _) = BenchEngineWorkloads.Batch(7, 8);
        using (x)
        using (y)
        using (NewDisposeScope())
        {
            var adversarial = BenchEngineWorkloads.Pgd(model, x, y);
            Assert.False(adversarial.requires_grad);
            Assert.InRange((adversarial - x).abs().max().item<double>(), 0.01, 0.1 + 1e-6);
            Assert.True(adversarial.ge(0).all().item<bool>() && adversarial.le(1).all().item<bool>());
            double Loss(Tensor images) => F.cross_entropy(model.call(images), y).item<double>();
            // Ten ascent steps must raise the loss above what random corners of the same ε-ball reach.
            var attacked = Loss(adversarial);
            for (int trial = 0; trial < 5; trial++)
            {
                var noise = (x + (rand_like(x) - 0.5).sign() * 0.1).clamp(0, 1);
                var random = Loss(noise);
                Assert.True(attacked > random, $"PGD loss {attacked} not above random-noise loss {random}");
            }
            Assert.True(attacked > Loss(x), $"PGD loss {attacked} not above the clean loss {Loss(x)}");
        }
    }

    [Fact]
    public void TheOpMixRunsItsOpsAndLeavesNoTensorBehind()
    {
        var nanoseconds = BenchEngineWorkloads.OpMixNanoseconds(BenchEngineSettings.Quick(1) with { OpCalls = 200, OpRepeats = 1 });
        Assert.True(nanoseconds > 0 && double.IsFinite(nanoseconds), $"{nanoseconds} ns per call");
    }

    [Fact]
    public void SeededBatchesAreReproducible()
    {
        var (x1, y1, c1) = BenchEngineWorkloads.Batch(3, 4);
        var (x2, y2, c2) = BenchEngineWorkloads.Batch(3, 4);
        Assert.Equal(c1, c2);
        Assert.Equal(x1.data<float>(), x2.data<float>());
        foreach (var t in new[] { x1, y1, x2, y2 }) t.Dispose();
    }

    [Fact]
    public void ResidentMemoryFollowsWhatTheProcessTouches()
    {
        // /proc/self/statm counts the same resident pages, in pages.
        var statm = long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize / 1024;
        var before = BenchEngineWorkloads.ResidentKb();
        Assert.InRange(before, statm * 0.9, statm * 1.1 + 1024);
        // Fresh pages from the C allocator (64 MB is above glibc's largest mmap threshold, so it is a new
        // mapping): a managed array may reuse heap pages the collector already holds resident.
        const int size = 64 << 20;
        var block = System.Runtime.InteropServices.Marshal.AllocHGlobal(size);
        try
        {
            for (int i = 0; i < size; i += 4096) System.Runtime.InteropServices.Marshal.WriteByte(block, i, 1);
            var after = BenchEngineWorkloads.ResidentKb();
            Assert.True(after - before >= 48 * 1024, $"resident set grew by {after - before} kB after touching 64 MB");
        }
        finally { System.Runtime.InteropServices.Marshal.FreeHGlobal(block); }
    }

    [Theory]
    [InlineData()]
    [InlineData("cpu")]
    [InlineData("engine", "--threads", "0")]
    [InlineData("engine", "--fast")]
    public void BadUsageIsAUsageError(params string[] args)
    {
        var oldErr = Console.Error;
        Console.SetError(TextWriter.Null);
        try { Assert.Equal(RobustnbCli.UsageError, RobustnbCli.Run(["bench", .. args])); }
        finally { Console.SetError(oldErr); }
    }
}
