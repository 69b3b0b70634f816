using RobustNotebooks.Attacks;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>What attacks cost in forward passes: the logits of the forward that gives the gradient also
/// decide success, and fooled examples stop being attacked.</summary>
public class CostTests
{
    [Fact]
    public void IterativeAttacksPayOneForwardPerStepPlusTheFinalCheck()
    {
        const int D = 16, N = 5;
        using var scope = NewDisposeScope();
        manual_seed(61);
        var w1 = randn(1, D);
        using var linear = new LinearClassifier(cat([zeros(1, D), w1]), tensor(new[] { 0f, -(w1.abs().sum().ToSingle() + 5) }));
        using var model = new CountingClassifier(linear);
        var x = rand([N, 1, 4, 4]);
        var y = zeros([N], ScalarType.Int64);

        using (new Bim().Run(model, x, y, 0.1)) { }
        Assert.Equal(N * 11, model.Rows);
        Assert.Equal(11, model.Calls);
        using (new Fgsm().Run(model, x, y, 0.1)) { }
        Assert.Equal(N * 11 + N * 2, model.Rows);
        // a random start adds one clean check; restarts are rows of the same passes
        using (new Pgd { Steps = 4, Restarts = 3 }.Run(model, x, y, 0.1)) { }
        Assert.Equal(N * 13 + N + 3 * N * 5, model.Rows);
        Assert.Equal(11 + 2 + 1 + 5, model.Calls);
    }

    [Fact]
    public void FooledExamplesLeaveTheBatch()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, labels) = SmallCnn.Fixed(seed: 71);
        using var _ = cnn;
        using var model = new CountingClassifier(cnn);
        const int steps = 20, queries = 200;
        long n = images.size(0);
        using (var pgd = new Pgd { Steps = steps, RandomStart = false }.Run(model, images, labels, 0.5))
            Assert.True(pgd.Success.all().item<bool>(), "the test needs every example fooled");
        Assert.True(model.Rows < n * (steps + 1) / 2, $"PGD forwarded {model.Rows} rows for {n} examples fooled early");

        var before = model.Rows;
        using (var apgd = new Apgd { Iterations = 50 }.Run(model, images, labels, 0.5))
            Assert.True(apgd.Success.all().item<bool>());
        Assert.True(model.Rows - before < n * 51 / 2, $"APGD forwarded {model.Rows - before} rows");

        before = model.Rows;
        using (var square = new Square { Queries = queries, Seed = 1 }.Run(model, images, labels, 0.5))
            Assert.True(square.Success.sum().ToInt64() > n / 2);
        Assert.True(model.Rows - before < n * queries / 2, $"Square forwarded {model.Rows - before} rows");
    }
}
