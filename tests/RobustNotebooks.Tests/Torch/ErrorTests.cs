using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Bad shapes, dtypes, indexes and devices reach the caller as TorchException with libtorch's
/// own message; none takes the process down.</summary>
public class ErrorTests : LiveTensorCheck
{
    public static TheoryData<string, string> BadCalls => new()
    {
        { "mm shapes", "cannot be multiplied" },
        { "broadcast", "must match the size" },
        { "view", "invalid for input of size" },
        { "conv2d channels", "expected input" },
        { "cross_entropy target dtype", "Long" },
        { "cross_entropy class out of range", "out of bounds" },
        { "gather index dtype", "int64" },
        { "index_select out of range", "out of range" },
        { "select out of range", "out of range" },
        { "cat shapes", "Sizes of tensors must match" },
        { "linear shapes", "cannot be multiplied" },
        { "pool kernel too big", "Output size is too small" },
        { "sort dim", "Dimension out of range" },
        { "item of many", "a Tensor with 4 elements cannot be converted to Scalar" },
        { "in-place on leaf", "leaf Variable that requires grad" },
        { "backward of non-scalar", "grad can be implicitly created only for scalar outputs" },
        { "backward without grad", "does not require grad" },
        { "logical on mixed devices", "cuda" },
    };

    private static void Call(string name)
    {
        using var scope = NewDisposeScope();
        var m = ones(2, 2);
        switch (name)
        {
            case "mm shapes": m.mm(ones(3, 2)); break;
            case "broadcast": _ = m + ones(3); break;
            case "view": m.view(3); break;
            case "conv2d channels": F.conv2d(ones(1, 3, 5, 5), ones(4, 2, 3, 3)); break;
            case "cross_entropy target dtype": F.cross_entropy(m, ones(2)); break;
            case "cross_entropy class out of range": F.cross_entropy(m, tensor(new long[] { 0, 7 })); break;
            case "gather index dtype": m.gather(1, ones(2, 1)); break;
            case "index_select out of range": m.index_select(0, tensor(new long[] { 5 })); break;
            case "select out of range": m.select(0, 9); break;
            case "cat shapes": cat([m, ones(1, 3)]); break;
            case "linear shapes": F.linear(ones(2, 3), ones(4, 2)); break;
            case "pool kernel too big": F.max_pool2d(ones(1, 1, 2, 2), 3); break;
            case "sort dim": m.sort(5); break;
            case "item of many": m.item<double>(); break;
            case "in-place on leaf": ones([2], requires_grad: true).mul_(2); break;
            case "backward of non-scalar": (ones([2], requires_grad: true) * 2).backward(); break;
            case "backward without grad": ones(1).sum().backward(); break;
            // Mixing a CPU and a CUDA tensor: refused where there is a GPU, and creating the CUDA tensor is refused elsewhere.
            case "logical on mixed devices": m.logical_and(ones([2, 2], device: "cuda:0")); break;
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void BadCallsRaiseTorchExceptionWithLibtorchsMessage(string name, string fragment)
    {
        var e = Assert.Throws<TorchException>(() => Call(name));
        Assert.Contains(fragment, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception raised from", e.Message);
    }

    [Fact]
    public void TheProcessSurvivesHundredsOfFailures()
    {
        var names = BadCalls.Select(row => (string)row[0]).ToArray();
        for (int i = 0; i < 400; i++)
            Assert.Throws<TorchException>(() => Call(names[i % names.Length]));
        using var scope = NewDisposeScope();
        Assert.Equal(4.0, ones(2, 2).sum().item<double>());
    }

    [Fact]
    public void ErrorsOnOneThreadDoNotLeakIntoAnother()
    {
        string? other = null;
        var thread = new Thread(() =>
        {
            try { Call("mm shapes"); }
            catch (TorchException e) { other = e.Message; }
        });
        thread.Start();
        thread.Join();
        Assert.Contains("cannot be multiplied", other);
        var e = Assert.Throws<TorchException>(() => Call("view"));
        Assert.Contains("invalid for input of size", e.Message);
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposed()
    {
        var x = ones(2);
        x.Dispose();
        x.Dispose();
        Assert.True(x.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => x.sum());
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        Assert.Throws<ObjectDisposedException>(() => x.data<float>());
        using var y = ones(2);
        Assert.Throws<ObjectDisposedException>(() => y + x);
        Tensor inner;
        using (NewDisposeScope()) inner = ones(3);
        var e = Assert.Throws<ObjectDisposedException>(() => inner.numel());
        Assert.Contains("MoveToOuterDisposeScope", e.Message);
    }

    [Fact]
    public void ArgumentMistakesCaughtBeforeLibtorchAreArgumentErrors()
    {
        using var scope = NewDisposeScope();
        var x = ones(1, 1, 4, 4);
        Assert.Throws<ArgumentException>(() => F.conv2d(x, ones(1, 1, 3, 3), stride: [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => autograd.grad([x], [x], [null, null]));
        Assert.Throws<TorchException>(() => x.split(0));
        Assert.Throws<TorchException>(() => x.size(7));
    }
}
