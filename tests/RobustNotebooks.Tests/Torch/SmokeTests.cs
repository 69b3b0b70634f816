using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

public class SmokeTests
{
    [Fact]
    public void AddsAndReadsBack()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = a + 1;
        Assert.Equal(new float[] { 2, 3, 4, 5 }, b.data<float>());
        Assert.Equal([2L, 2L], b.shape);
        Assert.Equal("tensor([[2., 3.],\n        [4., 5.]])", b.ToString());
    }

    [Fact]
    public void ShapeMismatchThrowsTorchException()
    {
        using var a = zeros(2, 3);
        using var b = zeros(4, 5);
        var e = Assert.Throws<TorchException>(() => a.mm(b));
        Assert.Contains("shapes cannot be multiplied", e.Message);
    }

    [Fact]
    public void GradientOfSquare()
    {
        using var x = tensor(new double[] { 1, -2, 3 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        using var g = x.grad!;
        Assert.Equal(new double[] { 2, -4, 6 }, g.data<double>());
    }
}
