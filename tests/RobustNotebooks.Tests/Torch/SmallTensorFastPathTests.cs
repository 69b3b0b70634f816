using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>In-place scalar add/sub/mul on tiny CPU tensors skip libtorch's dispatcher (see math.cpp);
/// they must give exactly libtorch's bits and keep autograd's in-place checks working.</summary>
public class SmallTensorFastPathTests
{
    public static TheoryData<ScalarType, int, double> Cases() => new()
    {
        { ScalarType.Float32, 1, 0.1 }, { ScalarType.Float32, 63, -3.7 }, { ScalarType.Float32, 10, 1e300 },
        { ScalarType.Float64, 10, 0.1 }, { ScalarType.Float64, 64, 1.0 / 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorchBitForBit(ScalarType dtype, int n, double value)
    {
        using var scope = NewDisposeScope();
        manual_seed(n);
        var x = randn([n], dtype: dtype).mul(1000);
        foreach (var (inPlace, reference) in new (Func<Tensor, Tensor>, Func<Tensor, Tensor>)[]
        {
            (t => t.add_(value), t => t.add(value)), (t => t.sub_(value), t => t.sub(value)),
            (t => t.mul_(value), t => t.mul(value)), (t => t.add_(3), t => t.add(3)), (t => t.mul_(-2), t => t.mul(-2)),
        })
        {
            var fast = inPlace(x.clone());
            var slow = reference(x);
            Assert.Equal(slow.to(ScalarType.Float64).data<double>(), fast.to(ScalarType.Float64).data<double>());
        }
    }

    [Fact]
    public void ModifyingATensorSavedForBackwardIsStillAnError()
    {
        using var scope = NewDisposeScope();
        var x = ones(5);
        var w = ones([5], requires_grad: true);
        var y = (x * w).sum(); // saves x for the gradient of w
        x.add_(1);
        var e = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("modified by an inplace operation", e.Message);
    }

    [Fact]
    public void TensorsThatNeedAutogradTakeTheGeneralPath()
    {
        using var scope = NewDisposeScope();
        var leaf = ones([3], requires_grad: true);
        var e = Assert.Throws<TorchException>(() => leaf.add_(1));
        Assert.Contains("leaf Variable that requires grad", e.Message);
        var a = ones([3], requires_grad: true);
        var b = a * 2;
        b.mul_(3);
        b.sum().backward();
        Assert.Equal(new float[] { 6, 6, 6 }, a.grad!.data<float>());
    }

    [Fact]
    public void IntegerTensorsKeepLibtorchsPromotionRules()
    {
        using var scope = NewDisposeScope();
        var i = tensor(new long[] { 1, 2 });
        i.add_(3);
        Assert.Equal(new long[] { 4, 5 }, i.data<long>());
        Assert.Throws<TorchException>(() => i.add_(0.5)); // float result cannot be cast back to int64
    }
}
