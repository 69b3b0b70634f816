using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Out-of-place add/sub/mul, neg, relu and index_select on tiny CPU tensors skip libtorch's
/// dispatcher (small_tensor.h). The truth is libtorch's own kernel: the same values inside a tensor too
/// large for the fast path (its vectorised loop) must give the same bits, special values included.</summary>
public class SmallTensorOutOfPlaceTests
{
    private const int Large = 200;   // above the fast path's 64 elements

    /// <summary>NaN, both zeros, both infinities, a subnormal, the largest finite value, then random values
    /// over many magnitudes; the second operand is the same list shifted, so special values meet each other.</summary>
    private static Tensor Values(ScalarType dtype, int shift)
    {
        double[] special = [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, 1e-40, -1e-310,
            dtype == ScalarType.Float32 ? float.MaxValue : double.MaxValue, 1.0 / 3, -2.5];
        var random = new Random(17 + shift);
        var values = Enumerable.Range(0, Large)
            .Select(i => i < special.Length ? special[(i + shift) % special.Length] : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))
            .ToArray();
        return tensor(values).to(dtype);
    }

    private static long[] Bits(Tensor t) => t.dtype == ScalarType.Float32
        ? t.data<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray()
        : t.data<double>().Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>The first <paramref name="n"/> elements of the large result against the op on those
    /// elements alone (contiguous copies, so the fast path takes them).</summary>
    private static void AssertSameBits(Func<Tensor, Tensor, Tensor> op, ScalarType dtype, int n)
    {
        using var scope = NewDisposeScope();
        var a = Values(dtype, 0);
        var b = Values(dtype, 3);
        var general = op(a, b).narrow(0, 0, n);
        var fast = op(a.narrow(0, 0, n).clone(), b.narrow(0, 0, n).clone());
        Assert.Equal(Bits(general), Bits(fast));
    }

    public static TheoryData<ScalarType, int> Sizes() => new()
    {
        { ScalarType.Float32, 1 }, { ScalarType.Float32, 17 }, { ScalarType.Float32, 64 },
        { ScalarType.Float64, 10 }, { ScalarType.Float64, 64 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TensorOpsGiveLibtorchsBits(ScalarType dtype, int n)
    {
        AssertSameBits((a, b) => a.add(b), dtype, n);
        AssertSameBits((a, b) => a.sub(b), dtype, n);
        AssertSameBits((a, b) => a.mul(b), dtype, n);
        AssertSameBits((a, _) => a.neg(), dtype, n);
        AssertSameBits((a, _) => a.relu(), dtype, n);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ScalarOpsGiveLibtorchsBits(ScalarType dtype, int n)
    {
        foreach (var s in new Scalar[] { 0.1, -3.7, 1e300, 3, -2 })
        {
            AssertSameBits((a, _) => a.add(s), dtype, n);
            AssertSameBits((a, _) => a.sub(s), dtype, n);
            AssertSameBits((a, _) => a.mul(s), dtype, n);
        }
    }

    [Fact]
    public void ZeroDimensionalOperandsGiveLibtorchsBits()
    {
        using var scope = NewDisposeScope();
        var a = Values(ScalarType.Float32, 0);
        var b = Values(ScalarType.Float32, 3);
        var general = (a * b + a - b).relu();
        for (int i = 0; i < 12; i++)
        {
            var x = a[i].clone();
            var y = b[i].clone();
            Assert.Equal(0, x.dim());
            Assert.Equal(Bits(general[i].reshape(1)), Bits((x * y + x - y).relu().reshape(1)));
        }
    }

    [Fact]
    public void IndexSelectCopiesTheChosenElementsOfAnyDtype()
    {
        using var scope = NewDisposeScope();
        var index = tensor(new long[] { 5, 0, 5, 15, 2 });
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Bool })
        {
            var large = arange(Large, dtype: ScalarType.Float64).remainder(7).to(dtype);
            var general = large.index_select(0, index);   // a large source: libtorch's kernel
            var fast = large.narrow(0, 0, 16).clone().index_select(0, index);
            Assert.Equal(dtype, fast.dtype);
            Assert.Equal(new long[] { 5 }, fast.shape);
            Assert.Equal(general.to(ScalarType.Float64).data<double>(), fast.to(ScalarType.Float64).data<double>());
        }
        var empty = arange(4, dtype: ScalarType.Float32).index_select(0, tensor(Array.Empty<long>()));
        Assert.Equal(new long[] { 0 }, empty.shape);
    }

    [Fact]
    public void AnIndexOutOfRangeIsLibtorchsError()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, dtype: ScalarType.Float32);
        Assert.Throws<TorchException>(() => x.index_select(0, tensor(new long[] { 1, 4 })));
        Assert.Throws<TorchException>(() => x.index_select(0, tensor(new long[] { -1 })));
    }

    [Fact]
    public void OperandsTheFastPathCannotTakeKeepLibtorchsRules()
    {
        using var scope = NewDisposeScope();
        // Broadcasting and type promotion.
        var f = tensor(new float[] { 1, 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, (f + tensor(new float[] { 10, 20 }).reshape(2, 1)).shape);
        var promoted = f + tensor(new double[] { 0.5, 0.5, 0.5 });
        Assert.Equal(ScalarType.Float64, promoted.dtype);
        Assert.Equal(new[] { 1.5, 2.5, 3.5 }, promoted.data<double>());
        Assert.Equal(ScalarType.Float32, (tensor(new long[] { 1, 2 }) * 0.5).dtype);
        Assert.Equal(new long[] { 3, 6 }, (tensor(new long[] { 1, 2 }) * 3).data<long>());
        // A non-contiguous view.
        var t = arange(6, dtype: ScalarType.Float32).reshape(2, 3).t();
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, (t + 0).contiguous().data<float>());
        // Shapes that do not broadcast are still refused.
        Assert.Throws<TorchException>(() => f + ones(4));
    }

    [Fact]
    public void OperandsThatNeedAutogradGetTheirGradients()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1, -2, 3 }, requires_grad: true);
        var x = tensor(new float[] { 4, 5, 6 });
        var y = ((w * x - x).relu() + w.neg()).sum();
        Assert.True(y.requires_grad);
        y.backward();
        // d/dw of relu(w·x − x) − w: x where w·x − x > 0 (w = 3 only, and w = 1 sits at 0), minus 1.
        Assert.Equal(new float[] { -1, -1, 5 }, w.grad!.data<float>());
    }
}
