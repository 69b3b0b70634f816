using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Autograd semantics beyond single gradients: accumulation, zeroing, retained graphs,
/// unused inputs, detach and the grad-mode scopes.</summary>
public class AutogradTests : LiveTensorCheck
{
    private static Tensor Leaf(params double[] values) => tensor(values, requires_grad: true);

    [Fact]
    public void BackwardAccumulatesUntilZeroed()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2, 3);
        (x * x).sum().backward();
        (x * 3).sum().backward();
        Assert.Equal(new double[] { 5, 7, 9 }, x.grad!.data<double>());
        x.grad!.zero_();
        Assert.Equal(new double[] { 0, 0, 0 }, x.grad!.data<double>());
        (x * 2).sum().backward();
        Assert.Equal(new double[] { 2, 2, 2 }, x.grad!.data<double>());
        x.grad = null;
        Assert.Null(x.grad);
    }

    [Fact]
    public void GradIsNullBeforeBackwardAndOnNonLeaves()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var y = x * 2;
        Assert.Null(x.grad);
        Assert.True(x.is_leaf);
        Assert.False(y.is_leaf);
        Assert.True(y.requires_grad);
        y.sum().backward();
        Assert.Null(y.grad);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientWeightsTheOutputs()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2, 3);
        (x * x).backward(tensor(new double[] { 1, 0, -1 }));
        Assert.Equal(new double[] { 2, 0, -6 }, x.grad!.data<double>());
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphFailsButRetainGraphAllowsIt()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var y = (x.exp() * x).sum();
        y.backward(retain_graph: true);
        y.backward();
        // Two backward passes accumulate 2·d/dx(x·eˣ) = 2(x + 1)eˣ, by hand.
        Assert.Equal(new[] { 2 * 2 * Math.Exp(1), 2 * 3 * Math.Exp(2) }, x.grad!.data<double>(), new ToleranceComparer(1e-12));
        var z = (x.exp() * x).sum();
        z.backward();
        var e = Assert.Throws<TorchException>(() => z.backward());
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void AutogradGradLeavesDotGradAlone()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var w = Leaf(3, 4);
        var y = (x * w).sum();
        var grads = autograd.grad([y], [x, w]);
        Assert.Equal(new double[] { 3, 4 }, grads[0]!.data<double>());
        Assert.Equal(new double[] { 1, 2 }, grads[1]!.data<double>());
        Assert.Null(x.grad);
        Assert.Null(w.grad);
    }

    [Fact]
    public void AutogradGradRetainsTheGraphOnlyWhenAsked()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(0.5, -1);
        var y = (x.sigmoid() * x).sum();
        var first = autograd.grad(y, x, retain_graph: true);
        var second = autograd.grad(y, x);
        // d/dx σ(x)·x = σ(x) + x·σ(x)(1 − σ(x)), by hand: both calls must give it.
        double Expected(double v)
        {
            var sigma = 1 / (1 + Math.Exp(-v));
            return sigma + v * sigma * (1 - sigma);
        }
        var expected = new[] { Expected(0.5), Expected(-1) };
        Assert.Equal(expected, first.data<double>(), new ToleranceComparer(1e-12));
        Assert.Equal(expected, second.data<double>(), new ToleranceComparer(1e-12));
        Assert.Throws<TorchException>(() => autograd.grad(y, x));
    }

    [Fact]
    public void UnusedInputsGiveNullOnlyWhenAllowed()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var unused = Leaf(3);
        var y = x.sum();
        var e = Assert.Throws<TorchException>(() => autograd.grad([y], [x, unused], retain_graph: true));
        Assert.Contains("not have been used", e.Message);
        var grads = autograd.grad([y], [x, unused], allow_unused: true);
        Assert.NotNull(grads[0]);
        Assert.Null(grads[1]);
    }

    [Fact]
    public void GradOutputsWeightEachOutput()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var grads = autograd.grad([x * 2, x * x], [x], [tensor(new double[] { 1, 1 }), tensor(new double[] { 10, 0 })]);
        Assert.Equal(new double[] { 22, 2 }, grads[0]!.data<double>());
        Assert.Throws<ArgumentException>(() => autograd.grad([x * 2], [x], [null, null]));
    }

    [Fact]
    public void CreateGraphGivesSecondDerivatives()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(0.3, -0.7);
        var y = x.pow(3).sum();
        var g = autograd.grad(y, x, create_graph: true);
        Assert.True(g.requires_grad);
        var h = autograd.grad(g.sum(), x);
        using var expected = x.detach() * 6;
        Assert.True(h.allclose(expected, 1e-12, 1e-12));
    }

    [Fact]
    public void DetachCutsTheGraphButSharesStorage()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        var d = x.detach();
        Assert.False(d.requires_grad);
        var grads = autograd.grad([(d * x).sum()], [x]);
        Assert.Equal(new double[] { 1, 2 }, grads[0]!.data<double>());
        d.add_(10);
        Assert.Equal(new double[] { 11, 12 }, x.data<double>());
    }

    [Fact]
    public void NoGradStopsRecordingAndEnableGradRestoresItInside()
    {
        using var scope = NewDisposeScope();
        var x = Leaf(1, 2);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            var y = x * 2;
            Assert.False(y.requires_grad);
            using (enable_grad())
            {
                Assert.True(is_grad_enabled());
                Assert.True((x * 2).requires_grad);
            }
            Assert.False(is_grad_enabled());
            using (set_grad_enabled(true)) Assert.True(is_grad_enabled());
        }
        Assert.True(is_grad_enabled());
        using (set_grad_enabled(false)) Assert.False((x * 2).requires_grad);
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void NoGradGuardDisposedTwiceRestoresOnlyOnce()
    {
        var outer = no_grad();
        var inner = enable_grad();
        inner.Dispose();
        outer.Dispose();
        inner.Dispose();
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void InPlaceUpdateOfALeafUnderNoGradIsAllowed()
    {
        using var scope = NewDisposeScope();
        var w = Leaf(1, 2);
        (w * w).sum().backward();
        using (no_grad()) w.add_(w.grad!, -0.5);
        Assert.Equal(new double[] { 0, 0 }, w.data<double>());
        Assert.True(w.requires_grad);
        Assert.Throws<TorchException>(() => w.add_(1));
    }

    [Fact]
    public void RequiresGradCanBeToggledOnLeaves()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 });
        Assert.False(x.requires_grad);
        x.requires_grad = true;
        Assert.True((x * 2).requires_grad);
        x.requires_grad_(false);
        Assert.False((x * 2).requires_grad);
        var y = Leaf(1) * 2;
        Assert.Throws<TorchException>(() => y.requires_grad = false);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
