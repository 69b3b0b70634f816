using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Deterministic freeing: scopes free what was created in them except what is moved out,
/// nest properly, and keep long attack and training loops at a constant live-tensor count.</summary>
public class DisposeScopeTests : LiveTensorCheck
{
    [Fact]
    public void AScopeFreesEverythingButWhatIsMovedOut()
    {
        var before = Tensor.LiveCount;
        Tensor kept, dropped;
        using (var scope = NewDisposeScope())
        {
            Assert.Same(scope, DisposeScope.Current);
            var a = ones(3);
            dropped = a * 2;
            kept = (a + dropped).MoveToOuterDisposeScope();
            Assert.Equal(2, scope.Count);
            Assert.Equal(before + 3, Tensor.LiveCount);
        }
        Assert.Null(DisposeScope.Current);
        Assert.True(dropped.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Equal(new float[] { 3, 3, 3 }, kept.data<float>());
        Assert.Equal(before + 1, Tensor.LiveCount);
        kept.Dispose();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void NestedScopesHandMovedTensorsToTheirParent()
    {
        var before = Tensor.LiveCount;
        Tensor fromInner;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope())
            {
                Assert.Same(inner, DisposeScope.Current);
                fromInner = ones(2).MoveToOuterDisposeScope();
                _ = zeros(2);
            }
            Assert.Same(outer, DisposeScope.Current);
            Assert.False(fromInner.IsDisposed);
            Assert.Equal(1, outer.Count);
        }
        Assert.True(fromInner.IsDisposed);
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void DetachedTensorsBelongToNoScope()
    {
        Tensor survivor;
        using (var scope = NewDisposeScope())
        {
            survivor = ones(2).DetachFromDisposeScope();
            var moved = ones(1);
            scope.MoveToOuter(moved);
            Assert.Equal(0, scope.Count);
            moved.Dispose();
        }
        Assert.False(survivor.IsDisposed);
        survivor.Dispose();
    }

    [Fact]
    public void TensorsDisposedEarlyAreNotFreedTwice()
    {
        var before = Tensor.LiveCount;
        using (var scope = NewDisposeScope())
        {
            var a = ones(2);
            a.Dispose();
            Assert.Equal(0, scope.Count);
            scope.Dispose();
            scope.Dispose();
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void AScopeOwnsOnlyTensorsOfItsOwnThread()
    {
        using var scope = NewDisposeScope();
        Tensor? fromOtherThread = null;
        var thread = new Thread(() => fromOtherThread = ones(2));
        thread.Start();
        thread.Join();
        Assert.Equal(0, scope.Count);
        fromOtherThread!.Dispose();
    }

    [Fact]
    public void TenThousandPgdIterationsLeaveTheCountUnchanged()
    {
        manual_seed(0);
        using var w = randn([10, 16], requires_grad: true);
        using var images = rand(8, 16);
        using var labels = randint(0, 10, [8]);
        var adversarial = images.clone();
        var before = Tensor.LiveCount;
        for (int i = 0; i < 10_000; i++)
        {
            using var step = NewDisposeScope();
            var x = adversarial.detach().requires_grad_();
            var loss = F.cross_entropy(F.linear(x, w), labels);
            var g = autograd.grad(loss, x);
            var next = (x.detach() + g.sign() * 0.01).clamp(images - 0.1, images + 0.1).clamp_(0, 1);
            adversarial.Dispose();
            adversarial = next.MoveToOuterDisposeScope();
        }
        Assert.Equal(before, Tensor.LiveCount);
        using (NewDisposeScope())
            Assert.InRange((adversarial - images).abs().max().item<double>(), 0.05, 0.1 + 1e-6);
        adversarial.Dispose();
    }

    [Fact]
    public void ATrainingLoopInScopesLeavesTheCountUnchanged()
    {
        manual_seed(1);
        using var x = randn(64, 4);
        Tensor w, y;
        using (NewDisposeScope())
        {
            w = (randn(2, 4) * 0.1).MoveToOuterDisposeScope().requires_grad_();
            y = x.select(1, 0).gt(0).@long().MoveToOuterDisposeScope();
        }
        var before = Tensor.LiveCount;
        double first = 0, last = 0;
        for (int i = 0; i < 300; i++)
        {
            using var step = NewDisposeScope();
            var loss = F.cross_entropy(F.linear(x, w), y);
            if (i == 0) first = loss.item<double>();
            last = loss.item<double>();
            w.grad = null;
            loss.backward();
            using (no_grad()) w.add_(w.grad!, -0.5);
        }
        Assert.Equal(before, Tensor.LiveCount);
        Assert.True(last < first / 3, $"loss went from {first} to {last}");
        w.Dispose();
        y.Dispose();
    }

    [Fact]
    public void ClosingAnOuterScopeFirstDoesNotBringItBack()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        outer.Dispose();
        inner.Dispose();
        // The closed outer scope must not become current again and swallow later tensors.
        Assert.Null(DisposeScope.Current);
        var later = ones(1);
        Assert.Equal(0, outer.Count);
        Assert.False(later.IsDisposed);
        later.Dispose();
    }

    [Fact]
    public void MovingOutOfAScopeSkipsAnEnclosingScopeThatIsAlreadyClosed()
    {
        Tensor moved;
        using (var outermost = NewDisposeScope())
        {
            var middle = NewDisposeScope();
            using (var inner = NewDisposeScope())
            {
                middle.Dispose();
                Assert.Same(inner, DisposeScope.Current);
                moved = ones(2).MoveToOuterDisposeScope();
            }
            Assert.Same(outermost, DisposeScope.Current);
            Assert.Equal(0, middle.Count);
            Assert.Equal(1, outermost.Count);
            Assert.False(moved.IsDisposed);
        }
        Assert.True(moved.IsDisposed);
    }

    [Fact]
    public void AScopeClosedOnAnotherThreadIsNotCurrentAnyMore()
    {
        var scope = NewDisposeScope();
        var owned = ones(1);
        // As after an await that resumed on another thread.
        Task.Run(scope.Dispose).Wait();
        Assert.True(owned.IsDisposed);
        Assert.Null(DisposeScope.Current);
        var later = ones(1);
        Assert.Equal(0, scope.Count);
        later.Dispose();
    }
}
