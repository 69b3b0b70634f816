using System.Diagnostics;
using RobustNotebooks.Data;
using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Cli.Commands;

/// <summary>Sizes of one benchmark run; the PyTorch script receives the same numbers.</summary>
public sealed record BenchEngineSettings(int Threads, int Warmup, int TrainSteps, int TrainRepeats, int PgdImages,
    int PgdBatch, int PgdRepeats, int OpCalls, int OpRepeats, int RssWarmup, int RssSteps, int RssBatch, long Seed = 0)
{
    public static BenchEngineSettings Full(int threads) => new(threads, 2, 5, 3, 1000, 100, 1, 20_000, 7, 50, 2000, 4);

    public static BenchEngineSettings Quick(int threads) => new(threads, 1, 2, 3, 64, 32, 1, 20_000, 5, 20, 200, 4);
}

/// <summary>Our side of <c>robustnb bench engine</c>: the same workloads as scripts/bench/engine.py,
/// written the way a notebook would write them (modules, dispose scopes, autograd.grad).</summary>
public static class BenchEngineWorkloads
{
    /// <summary>LeNet++ as in research/paper.md §2.3.</summary>
    public static Sequential LeNetPlusPlus()
    {
        static Module<Tensor, Tensor>[] Pair(long cin, long cout) =>
            [nn.Conv2d(cin, cout, 5, padding: 2), nn.PReLU(), nn.Conv2d(cout, cout, 5, padding: 2), nn.PReLU(), nn.MaxPool2d(2)];
        return nn.Sequential([.. Pair(1, 32), .. Pair(32, 64), .. Pair(64, 128), nn.Flatten(),
            nn.Linear(1152, 2), nn.PReLU(), nn.Linear(2, 10)]);
    }

    /// <summary>A seeded batch drawn from the default generator, which PyTorch shares, so both sides see
    /// the same images; the checksum proves it.</summary>
    public static (Tensor images, Tensor labels, double checksum) Batch(long seed, long n)
    {
        manual_seed(seed);
        var x = rand(n, 1, 28, 28);
        var y = randint(0, 10, [n]);
        return (x, y, Checksum(x, y));
    }

    private static void TrainStep(Sequential model, Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = F.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.step();
    }

    /// <summary>The first n images of a Fashion-MNIST split as N×1×28×28 floats in [0, 1] and int64 labels,
    /// or null when the data set is not installed.</summary>
    public static (Tensor images, Tensor labels)? FashionMnist(DataSplit split, int n)
    {
        ImageSet set;
        try { set = Datasets.LoadOrPrepare("fashion-mnist", split, Console.Error).Take(n); }
        catch (DatasetMissingException) { return null; }
        var pixels = new float[set.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = set.Pixels[i] / 255f;
        return (tensor(pixels, [set.Count, 1, set.Height, set.Width]), tensor(set.Labels.Select(l => (long)l).ToArray()));
    }

    /// <summary>Writes a batch as raw little-endian float32 images and int64 labels for the PyTorch side.</summary>
    public static void Save(Tensor images, Tensor labels, string directory, string name)
    {
        File.WriteAllBytes(Path.Combine(directory, name + "_x.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(images.data<float>().AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory, name + "_y.i64"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.data<long>().AsSpan()).ToArray());
    }

    public static double Checksum(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return images.to(float64).sum().item<double>() + labels.sum().item<long>();
    }

    public static double TrainImagesPerSecond(Sequential model, Tensor x, Tensor y, BenchEngineSettings s)
    {
        model.train();
        using var optimizer = optim.SGD(model.parameters(), lr: 0.01, momentum: 0.9);
        for (int i = 0; i < s.Warmup; i++) TrainStep(model, optimizer, x, y);
        var seconds = Median(s.TrainRepeats, () =>
        {
            for (int i = 0; i < s.TrainSteps; i++) TrainStep(model, optimizer, x, y);
        });
        return x.size(0) * s.TrainSteps / seconds;
    }

    /// <summary>PGD-10 (ε 0.1, step 0.01, random start, L∞ ball and [0, 1] box) with the cross-entropy loss.</summary>
    public static Tensor Pgd(Sequential model, Tensor x, Tensor y, double eps = 0.1, double alpha = 0.01, int steps = 10)
    {
        using var scope = NewDisposeScope();
        var lower = x - eps;
        var upper = x + eps;
        var adversarial = (x + empty_like(x).uniform_(-eps, eps)).clamp_(0, 1);
        for (int i = 0; i < steps; i++)
        {
            using var step = NewDisposeScope();
            adversarial.requires_grad_();
            var loss = F.cross_entropy(model.call(adversarial), y);
            var g = autograd.grad(loss, adversarial);
            var next = (adversarial.detach() + g.sign() * alpha).clamp_(lower, upper).clamp_(0, 1);
            adversarial = next.MoveToOuterDisposeScope();
        }
        return adversarial.MoveToOuterDisposeScope();
    }

    public static double PgdImagesPerSecond(Sequential model, Tensor x, Tensor y, BenchEngineSettings s)
    {
        model.eval();
        using (NewDisposeScope()) Pgd(model, x[..s.PgdBatch], y[..s.PgdBatch]);
        var n = (int)x.size(0);
        var seconds = Median(s.PgdRepeats, () =>
        {
            for (int i = 0; i < n; i += s.PgdBatch)
            {
                using var scope = NewDisposeScope();
                var end = Math.Min(n, i + s.PgdBatch);
                Pgd(model, x[i..end], y[i..end]);
            }
        });
        return n / seconds;
    }

    /// <summary>Nanoseconds per x.add_(1) on a 10-element tensor: the fixed cost of one call into libtorch.</summary>
    public static double OpNanoseconds(BenchEngineSettings s)
    {
        using var t = zeros(10);
        for (int i = 0; i < s.OpCalls; i++) t.add_(1);
        return Median(s.OpRepeats, () =>
        {
            for (int i = 0; i < s.OpCalls; i++) t.add_(1);
        }) / s.OpCalls * 1e9;
    }

    /// <summary>The ops of the per-call mix, in the order both sides run them.</summary>
    public const int OpMixOps = 5;

    /// <summary>Mean nanoseconds per call over a mix of ordinary out-of-place ops on 16-element tensors
    /// (add, mul, relu, sum, index_select), each iteration in a dispose scope as a notebook loop would be:
    /// the handle, the finalizable wrapper, the scope's bookkeeping and the live count are all counted.</summary>
    public static double OpMixNanoseconds(BenchEngineSettings s)
    {
        using var a = arange(16, dtype: ScalarType.Float32).div_(16);
        using var b = ones(16).mul_(0.5);
        using var index = tensor(new long[] { 0, 3, 5, 15 });
        void Mix()
        {
            for (int i = 0; i < s.OpCalls; i++)
            {
                using var scope = NewDisposeScope();
                var c = a.add(b);
                var d = c.mul(b);
                var e = d.relu();
                _ = e.sum();
                _ = e.index_select(0, index);
            }
        }
        Mix();
        return Median(s.OpRepeats, Mix) / (s.OpCalls * OpMixOps) * 1e9;
    }

    /// <summary>Growth of the resident set over many training steps after a warm-up, in percent: what a
    /// leak (native or managed) would show.</summary>
    public static (double growthPct, long beforeKb, long afterKb) RssGrowth(Sequential model, BenchEngineSettings s)
    {
        model.train();
        using var optimizer = optim.SGD(model.parameters(), lr: 0.01, momentum: 0.9);
        var (x, y, _) = Batch(s.Seed + 3, s.RssBatch);
        using (x)
        using (y)
        {
            for (int i = 0; i < s.RssWarmup; i++) TrainStep(model, optimizer, x, y);
            var before = ResidentKb();
            for (int i = 0; i < s.RssSteps; i++) TrainStep(model, optimizer, x, y);
            var after = ResidentKb();
            return (100.0 * (after - before) / before, before, after);
        }
    }

    public static long ResidentKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:"))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    private static double Median(int repeats, Action body)
    {
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            body();
            times[r] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    }
}
