using System.Reflection;
using System.Runtime.InteropServices;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>The C ABI: op codes that cannot drift between the two sides, PyTorch's checks on
/// assigning .grad, and reductions the API offers only over one dimension or all.</summary>
public class ShimTests : LiveTensorCheck
{
    private static readonly Assembly Library = typeof(Tensor).Assembly;

    [Theory]
    [InlineData(0, "RobustNotebooks.Torch.UnaryOp")]
    [InlineData(1, "RobustNotebooks.Torch.BinaryOp")]
    [InlineData(2, "RobustNotebooks.Torch.ReduceOp")]
    public void TheShimNamesItsOpCodesInTheOrderOfTheCSharpEnums(int kind, string enumName)
    {
        var native = Library.GetType("RobustNotebooks.Torch.Native")!
            .GetMethod("rn_op_names", BindingFlags.Static | BindingFlags.NonPublic)!;
        var names = Marshal.PtrToStringUTF8((IntPtr)native.Invoke(null, [kind])!)!;
        var codes = Library.GetType(enumName)!;
        Assert.Equal(Enum.GetNames(codes), names.TrimEnd(',').Split(','));
    }

    [Fact]
    public void AShimWhoseCodesDriftedIsRefused()
    {
        var compare = Library.GetType("RobustNotebooks.Torch.NativeLoader")!
            .GetMethod("CompareOpCodes", BindingFlags.Static | BindingFlags.NonPublic)!;
        var codes = Library.GetType("RobustNotebooks.Torch.ReduceOp")!;
        compare.Invoke(null, ["shim.so", "Sum,Mean,Prod,Amax,Amin,Any,All,LogSumExp,", codes]);
        var e = Assert.Throws<TargetInvocationException>(() =>
            compare.Invoke(null, ["shim.so", "Sum,Prod,Mean,Amax,Amin,Any,All,LogSumExp,", codes]));
        var inner = Assert.IsType<TorchException>(e.InnerException);
        Assert.Contains("ReduceOp", inner.Message);
    }

    [Fact]
    public void AssigningAGradOfAnotherShapeOrDtypeIsRefusedAsInPyTorch()
    {
        using var scope = NewDisposeScope();
        var w = zeros([2, 3], requires_grad: true);
        var size = Assert.Throws<TorchException>(() => w.grad = zeros(3, 2));
        Assert.Contains("assigned grad has data of a different size", size.Message);
        var type = Assert.Throws<TorchException>(() => w.grad = zeros([2, 3], float64));
        Assert.Contains("assigned grad has data of a different type", type.Message);
        var self = Assert.Throws<TorchException>(() => w.grad = w);
        Assert.Contains("its own grad", self.Message);
        Assert.Null(w.grad);
        w.grad = ones(2, 3);
        Assert.Equal(6.0, w.grad!.sum().item<double>());
        w.grad = null;
        Assert.Null(w.grad);
    }

    [Fact]
    public void ProdAnyAndAllReduceOneDimensionOrAll()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(720.0, x.prod().item<double>());
        Assert.Equal(new float[] { 4, 10, 18 }, x.prod(0).data<float>());
        Assert.Equal([2L, 1L], x.prod(1, keepdim: true).shape);
        var positive = x.gt(1);
        Assert.True(positive.any().item<bool>());
        Assert.False(positive.all().item<bool>());
        Assert.Equal(new[] { false, true, true }, positive.all(0).data<bool>());
        Assert.Equal(new[] { true, true }, positive.any(1).data<bool>());
    }
}
