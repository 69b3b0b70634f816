using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Ops against closed forms and values worked out by hand.</summary>
public class OpValueTests : LiveTensorCheck
{
    private static void Near(double[] expected, Tensor actual, double tolerance = 1e-9)
    {
        using var asDouble = actual.to(float64);
        var got = asDouble.data<double>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
            Assert.True(Math.Abs(expected[i] - got[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {got[i]}");
    }

    [Fact]
    public void LogSumExpMatchesTheStableFormulaEvenForHugeValues()
    {
        using var scope = NewDisposeScope();
        double[] row0 = [1000, 1001, 999], row1 = [-3, 0.5, 2];
        var x = tensor(new double[,] { { 1000, 1001, 999 }, { -3, 0.5, 2 } });
        static double Lse(double[] v) { var m = v.Max(); return m + Math.Log(v.Sum(a => Math.Exp(a - m))); }
        Near([Lse(row0), Lse(row1)], x.logsumexp(1));
    }

    [Fact]
    public void StdAndVarAreUnbiasedByDefault()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 });
        Near([32.0 / 7], x.var());
        Near([4.0], x.var(unbiased: false));
        Near([Math.Sqrt(32.0 / 7)], x.std());
        Near([2.0], x.std(0, unbiased: false));
        var m = tensor(new double[,] { { 1, 3 }, { 5, 11 } });
        Near([8, 32], m.var(0));
        Assert.Equal([2L, 1L], m.std(1, keepdim: true).shape);
    }

    [Fact]
    public void ReductionsAndArgReductions()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 1, 5, 2 }, { 7, 0, 3 } });
        Near([18], x.sum());
        Near([8, 5, 5], x.sum(0));
        Near([3], x.mean());
        Near([0], x.prod());
        Near([10, 0], x.prod(1));
        Near([5, 7], x.amax(1));
        Near([1, 0, 2], x.amin(0));
        Near([7], x.max());
        var (values, indexes) = x.max(1);
        Near([5, 7], values);
        Assert.Equal(new long[] { 1, 0 }, indexes.data<long>());
        Assert.Equal(new long[] { 0, 1 }, x.min(1).indexes.data<long>());
        Assert.Equal(3L, x.argmax().item<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, x.argmax(0).data<long>());
        Assert.Equal(new long[] { 0, 1 }, x.argmin(1).data<long>());
        Near([1, 6, 8, 7, 7, 10], x.cumsum(1).flatten());
        Near([1, 5, 2, 8, 5, 5], x.cumsum(0).flatten());
        Near([Math.Sqrt(88)], x.norm());
        Near([8, 10], x.norm(1, 1));
        Assert.True(x.gt(6).any().item<bool>());
        Assert.False(x.ge(0).all().logical_not().item<bool>());
        Assert.Equal(new[] { true, false }, x.gt(0).all(1).data<bool>());
    }

    [Fact]
    public void SortAndTopK()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 3, 1, 4, 1.5, 9, 2.6 });
        var (sorted, order) = x.sort();
        Near([1, 1.5, 2.6, 3, 4, 9], sorted);
        Assert.Equal(new long[] { 1, 3, 5, 0, 2, 4 }, order.data<long>());
        Assert.Equal(new long[] { 4, 2, 0, 5, 3, 1 }, x.argsort(descending: true).data<long>());
        var (top, where) = x.topk(2);
        Near([9, 4], top);
        Assert.Equal(new long[] { 4, 2 }, where.data<long>());
        Near([1, 1.5], x.topk(2, largest: false).values);
    }

    [Fact]
    public void GatherAndScatter()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var index = tensor(new long[,] { { 2, 0 }, { 1, 1 } });
        Near([3, 1, 5, 5], x.gather(1, index));
        var z = zeros([2, 3], float64);
        Near([2, 0, 1, 0, 4, 0], z.scatter(1, tensor(new long[,] { { 2, 0 }, { 1, 2 } }), tensor(new double[,] { { 1, 2 }, { 4, 0 } })));
        Near([0, 9, 0, 9, 0, 0], z.scatter(1, tensor(new long[,] { { 1 }, { 0 } }), 9.0));
        Near([0, 0, 0, 0, 9, 0], z.scatter_add(1, tensor(new long[,] { { 0 }, { 1 } }), tensor(new double[,] { { 0 }, { 9 } })));
        Near([0, 0, 3, 0, 0, 0], z.scatter_add(1, tensor(new long[,] { { 2, 2 }, { 0, 0 } }), tensor(new double[,] { { 1, 2 }, { 0, 0 } })));
        Near([4, 5, 6, 1, 2, 3], x.index_select(0, tensor(new long[] { 1, 0 })));
    }

    [Fact]
    public void MaskedOpsAndWhere()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1, 2, -3, 4 });
        var negative = x < 0;
        Near([0, 2, 0, 4], x.masked_fill(negative, 0.0));
        Near([-1, -3], x.masked_select(negative));
        Near([-1, -3], x[negative]);
        Assert.Equal(new long[] { 0, 2 }, negative.nonzero().flatten().data<long>());
        Near([1, 2, 3, 4], where(negative, -x, x));
        var y = x.clone();
        y.masked_fill_(x > 0, 1.0);
        Near([-1, 1, -3, 1], y);
        Assert.Equal(new[] { true, false, false, false }, (negative & (x > -2)).data<bool>());
        Assert.Equal(new[] { true, true, true, false }, (negative | (x < 3)).data<bool>());
        Assert.Equal(new[] { false, true, false, true }, (!negative).data<bool>());
    }

    [Fact]
    public void CatStackChunkSplit()
    {
        using var scope = NewDisposeScope();
        var a = arange(6).reshape(2, 3);
        var b = arange(6, 9).reshape(1, 3);
        var c = cat([a, b]);
        Assert.Equal([3L, 3L], c.shape);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i).ToArray(), c.flatten().data<long>());
        Assert.Equal([2L, 2L, 3L], stack([a, a]).shape);
        Assert.Equal([2L, 3L, 2L], stack([a, a], 2).shape);
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2 }, stack([a[0], a[0]], 1).flatten().data<long>());
        var chunks = arange(10).chunk(3);
        Assert.Equal(new long[] { 4, 4, 2 }, chunks.Select(t => t.numel()).ToArray());
        var columns = c.chunk(3, 1);
        Assert.Equal(new long[] { 1, 4, 7 }, columns[1].flatten().data<long>());
        var pieces = arange(7).split(3);
        Assert.Equal(new long[] { 3, 3, 1 }, pieces.Select(t => t.numel()).ToArray());
        Assert.Equal(new long[] { 6 }, pieces[2].data<long>());
        var sized = arange(7).split([2L, 5L]);
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, sized[1].data<long>());
        Assert.Throws<TorchException>(() => arange(7).split([2L, 2L]));
    }

    [Fact]
    public void ViewsShareStorage()
    {
        using var scope = NewDisposeScope();
        var x = zeros(2, 3);
        x.view(6).narrow(0, 1, 2).fill_(1);
        x.t().select(0, 2).fill_(5);
        Assert.Equal(new float[] { 0, 1, 5, 0, 0, 5 }, x.data<float>());
        Assert.Equal(new float[] { 0, 0, 1, 0, 5, 5 }, x.t().contiguous().data<float>());
        Assert.Equal([3L, 2L], x.transpose(0, 1).shape);
        Assert.Equal([1L, 2L, 1L, 3L], x.unsqueeze(0).unsqueeze(2).shape);
        Assert.Equal(new float[] { 0, 5 }, x.slice(1, 0, 3, 2).select(0, 1).data<float>());
        Assert.Equal(new float[] { 5, 0, 0, 5, 1, 0 }, x.flip(0, 1).data<float>());
        Assert.Equal([2L, 6L], x.repeat(1, 2).shape);
        Assert.Equal([4L, 2L, 3L], x.expand(4, 2, 3).shape);
        Assert.Equal([3L, 2L], x.permute(1, 0).shape);
    }

    [Fact]
    public void InterpolateSizesAndValues()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, dtype: float32).reshape(1, 1, 2, 2);
        Assert.Equal([1L, 1L, 4L, 4L], F.interpolate(x, scale_factor: 2).shape);
        Assert.Equal([1L, 1L, 3L, 5L], F.interpolate(x, size: [3, 5], mode: "bilinear").shape);
        Assert.Equal([1L, 1L, 3L, 3L], F.interpolate(F.interpolate(x, size: [7, 7]), scale_factor: 0.5).shape);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 }, F.interpolate(x, size: [4]).flatten().data<float>());
        Near([0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3], F.interpolate(x, size: [3, 3], mode: "bilinear", align_corners: true).flatten());
        Assert.Throws<ArgumentException>(() => F.interpolate(x, size: [2], scale_factor: 2));
        Assert.Throws<ArgumentException>(() => F.interpolate(x, size: [2], mode: "bicubic"));
        Assert.Throws<TorchException>(() => F.interpolate(x.flatten(), size: [2]));
    }

    [Fact]
    public void PadModes()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3 }, [1, 1, 1, 3]);
        Assert.Equal(new float[] { 9, 1, 2, 3, 9, 9 }, F.pad(x, [1, 2], value: 9).data<float>());
        Assert.Equal(new float[] { 3, 2, 1, 2, 3, 2 }, F.pad(x, [2, 1, 0, 0], "reflect").data<float>());
        Assert.Equal(new float[] { 1, 1, 2, 3, 3, 3 }, F.pad(x, [1, 2, 0, 0], "replicate").data<float>());
        Assert.Equal([1L, 1L, 4L, 3L], F.pad(x, [0, 0, 1, 2], "replicate").shape);
        Assert.Throws<TorchException>(() => F.pad(x, [1, 2], "reflect"));
        Assert.Throws<TorchException>(() => F.pad(x, [5, 0, 0, 0], "reflect"));
        Assert.Throws<ArgumentException>(() => F.pad(x, [1, 1], "circular"));
    }

    [Fact]
    public void OneHot()
    {
        using var scope = NewDisposeScope();
        var h = F.one_hot(tensor(new long[] { 2, 0, 1 }), 4);
        Assert.Equal(ScalarType.Int64, h.dtype);
        Assert.Equal(new long[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0 }, h.flatten().data<long>());
        Assert.Equal([2L, 3L], F.one_hot(tensor(new long[] { 2, 1 })).shape);
        Assert.Throws<TorchException>(() => F.one_hot(tensor(new long[] { 5 }), 3));
    }

    [Fact]
    public void LossesAgainstClosedForms()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new double[,] { { 2, 0, -1 }, { 0.5, 0.5, 3 } });
        var target = tensor(new long[] { 0, 2 });
        double[] Ce(double[] row, int label) => [Math.Log(row.Sum(Math.Exp)) - row[label]];
        var l0 = Ce([2, 0, -1], 0)[0];
        var l1 = Ce([0.5, 0.5, 3], 2)[0];
        Near([(l0 + l1) / 2], F.cross_entropy(logits, target));
        Near([l0, l1], F.cross_entropy(logits, target, reduction: RobustNotebooks.Nn.Reduction.None));
        var weight = tensor(new double[] { 2, 1, 0.5 });
        Near([(2 * l0 + 0.5 * l1) / 2.5], F.cross_entropy(logits, target, weight));
        // label smoothing ε: (1-ε)·CE + ε·mean over classes of -log p
        double Smoothed(double[] row, int label, double eps)
        {
            var lse = Math.Log(row.Sum(Math.Exp));
            return (1 - eps) * (lse - row[label]) + eps * row.Average(v => lse - v);
        }
        Near([(Smoothed([2, 0, -1], 0, 0.1) + Smoothed([0.5, 0.5, 3], 2, 0.1)) / 2], F.cross_entropy(logits, target, label_smoothing: 0.1));
        Near([l1], F.cross_entropy(logits, tensor(new long[] { -100, 2 })));
        Near([(l0 + l1) / 2], F.nll_loss(F.log_softmax(logits, 1), target));
        Near([2.5], F.mse_loss(tensor(new double[] { 1, 2 }), tensor(new double[] { 0, 4 })));
        Near([5], F.mse_loss(tensor(new double[] { 1, 2 }), tensor(new double[] { 0, 4 }), RobustNotebooks.Nn.Reduction.Sum));
        var p = tensor(new double[] { 0.25, 0.75 });
        var q = tensor(new double[] { 0.5, 0.5 });
        var kl = 0.25 * Math.Log(0.5) + 0.75 * Math.Log(1.5);
        Near([kl], F.kl_div(q.log(), p, RobustNotebooks.Nn.Reduction.Sum));
        Near([kl], F.kl_div(q.log(), p.log(), RobustNotebooks.Nn.Reduction.Sum, log_target: true));
    }

    [Fact]
    public void ActivationsAndNormalisation()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -2, -0.5, 0, 3 });
        Near([-0.4, -0.1, 0, 3], F.leaky_relu(x, 0.2));
        Near([-0.5, -0.125, 0, 3], F.prelu(x, tensor(new double[] { 0.25 })));
        Near([0, 0, 0, 3], F.relu(x));
        var s = F.softmax(tensor(new double[] { 1, 2, 3 }), 0).data<double>();
        var z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Near([Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z], tensor(s));
        var batch = tensor(new double[] { 1, 3, 5, 7 }, [4, 1]);
        var mean = zeros([1], float64);
        var variance = ones([1], float64);
        var normalised = F.batch_norm(batch, mean, variance, training: true, momentum: 0.1, eps: 0);
        var sd = Math.Sqrt(5.0);
        Near([-3 / sd, -1 / sd, 1 / sd, 3 / sd], normalised);
        // running stats move by momentum, the variance with the unbiased estimate (20/3)
        Near([0.4], mean);
        Near([0.9 + 0.1 * 20.0 / 3], variance);
        Near([(1 - 0.4) / Math.Sqrt(variance.item<double>())], F.batch_norm(batch[0..1], mean, variance, eps: 0));
        var pooled = F.max_pool2d(arange(16, dtype: float64).reshape(1, 1, 4, 4), 2);
        Near([5, 7, 13, 15], pooled.flatten());
        Near([2.5, 4.5, 10.5, 12.5], F.avg_pool2d(arange(16, dtype: float64).reshape(1, 1, 4, 4), 2).flatten());
        Near([7.5], F.adaptive_avg_pool2d(arange(16, dtype: float64).reshape(1, 1, 4, 4), 1).flatten());
        var d = F.dropout(ones(1000), 0.5);
        var kept = d.ne(0).sum().item<long>();
        Assert.InRange(kept, 400, 600);
        Near([2], d.amax().to(float64));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.dropout(x, 1.5));
    }

    [Fact]
    public void ConvolutionAndLinearValues()
    {
        using var scope = NewDisposeScope();
        var image = arange(9, dtype: float64).reshape(1, 1, 3, 3);
        var kernel = ones([1, 1, 2, 2], float64);
        Near([8, 12, 20, 24], F.conv2d(image, kernel).flatten());
        Near([9, 13, 21, 25], F.conv2d(image, kernel, tensor(new double[] { 1 })).flatten());
        Assert.Equal([1L, 1L, 2L, 2L], F.conv2d(image, kernel, stride: [2], padding: [1]).shape);
        var w = tensor(new double[,] { { 1, 2 }, { 0, -1 } });
        Near([5 + 0.5, -2 - 0.5], F.linear(tensor(new double[] { 1, 2 }), w, tensor(new double[] { 0.5, -0.5 })));
    }

    [Fact]
    public void ArithmeticOperatorsAndInPlaceForms()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 4 });
        Near([1, 0, -2], 2 - x);
        Near([4, 2, 1], 4 / x);
        Near([1, 0, 1], x.remainder(3.0).sub(tensor(new double[] { 0, 2, 0 })).abs());
        Near([0, 1, 2], x.floor_divide(2.0));
        Near([1, 4, 16], x.pow(2));
        Near([2, 3, 5], x.clone().add_(1));
        Near([3, 6, 12], x.clone().mul_(3));
        Near([1, 2, 3], x.clamp(null, 3));
        var a = x.clone();
        a.addcmul_(x, x, 0.5);
        Near([1.5, 4, 12], a);
        var b = x.clone();
        b.lerp_(zeros([3], float64), 0.25);
        Near([0.75, 1.5, 3], b);
        Near([0, 0, 0], x.sqrt().square().sub(x), 1e-12);
        Assert.Equal(new[] { false, true, false }, x.eq(2).data<bool>());
        Assert.Equal(new[] { true, false, false }, x.isfinite().logical_and(x < 2).data<bool>());
        Near([3], tensor(new double[] { 1, 2 }).matmul(tensor(new double[] { 1, 1 })));
    }
}
