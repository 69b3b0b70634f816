using RobustNotebooks.Attacks;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

public class AdaptivePclTests : LiveTensorCheck
{
    [Fact]
    public void PrototypeLossIsTheScaledGapBetweenOwnAndNearestOtherPrototype()
    {
        const int K = 4, D = 3, N = 6;
        using var scope = NewDisposeScope();
        manual_seed(91);
        using var pcl = new OfficialPcl([new PclLayer("f")], new Dictionary<string, long> { ["f"] = D }, K);
        var f = randn(N, D);
        var y = tensor(new long[] { 0, 1, 2, 3, 1, 0 });
        var loss = new PrototypeLoss(pcl).Compute(new ModelOutput(zeros(N, K), new Dictionary<string, Tensor> { ["f"] = f }), y).data<float>();

        var fv = f.data<float>();
        var c = pcl.PrototypesOf(0).detach().data<float>();
        double Dist(float[] a, int i, float[] b, int j) => Enumerable.Range(0, D).Sum(d => Math.Pow(a[i * D + d] - b[j * D + d], 2));
        double scale = 0;
        for (int i = 0; i < K; i++) for (int j = 0; j < K; j++) if (i != j) scale += Dist(c, i, c, j);
        scale /= K * (K - 1);
        var labels = y.data<long>();
        for (int i = 0; i < N; i++)
        {
            var own = Dist(fv, i, c, (int)labels[i]);
            var other = Enumerable.Range(0, K).Where(j => j != labels[i]).Min(j => Dist(fv, i, c, j));
            Assert.Equal((own - other) / scale, loss[i], 4);
        }
    }

    [Fact]
    public void NearestPrototypeClassifierPredictsTheNearestPrototype()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, _) = SmallCnn.Fixed(n: 32);
        using var _ = cnn;
        using var pcl = new OfficialPcl([new PclLayer("pooled")], new Dictionary<string, long> { ["pooled"] = 4 }, 10);
        using var nearest = new NearestPrototypeClassifier(cnn, pcl);
        var predicted = nearest.logits(images).argmax(1);
        using var output = cnn.forward(images);
        var expected = pcl.PredictNearestPrototype(output);
        Assert.True(predicted.eq(expected).all().item<bool>());
        nearest.train();
        Assert.True(cnn.training && pcl.training, "mode changes must reach the borrowed model and loss");
        nearest.eval();
    }

    /// <summary>The adaptive attacks on both decision rules stay in the ball, leave no gradients on the model
    /// or the prototypes, restore modes, and fool most of an untrained "PCL" network; for the
    /// nearest-prototype rule the prototype loss does at least as well as cross-entropy PGD at the same cost.</summary>
    [Fact]
    public void AdaptiveAttacksBreakBothDecisionRules()
    {
        using var scope = NewDisposeScope();
        var (cnn, images, _) = SmallCnn.Fixed(seed: 13);
        using var _ = cnn;
        using var pcl = new OfficialPcl([new PclLayer("pooled")], new Dictionary<string, long> { ["pooled"] = 4 }, 10);
        using var nearest = new NearestPrototypeClassifier(cnn, pcl);
        const double eps = 0.3;
        foreach (FeatureClassifier model in new FeatureClassifier[] { cnn, nearest })
        {
            var labels = model.logits(images).argmax(1);
            model.train();
            foreach (var attack in new Attack[] { AdaptivePcl.Prototype(pcl, iterations: 30, seed: 1), AdaptivePcl.Combined(pcl, 0.5, iterations: 30, seed: 1) })
            {
                using var result = attack.Run(model, images, labels, eps);
                Assert.True(model.training && pcl.training);
                Assert.All(cnn.parameters().Concat(pcl.parameters()), p => Assert.Null(p.grad));
                Assert.True(AttackNorm.Linf.Distance(result.Adversarials, images).max().ToDouble() <= eps + 1e-6);
                using (no_grad())
                    Assert.True(model.logits(result.Adversarials).argmax(1).ne(labels).eq(result.Success).all().item<bool>());
                var fooled = result.Success.sum().ToInt64();
                Assert.True(fooled > 0, $"{attack.Name} on {model.GetType().Name} fooled nothing");
                Console.WriteLine($"{attack.Name} on {model.GetType().Name}: fooled {fooled} of {images.size(0)}");
            }
            model.eval();
        }
        var nearestLabels = nearest.logits(images).argmax(1);
        using var proto = AdaptivePcl.Prototype(pcl, iterations: 30, seed: 1).Run(nearest, images, nearestLabels, 0.1);
        using var ce = new Apgd { Iterations = 30, Seed = 1 }.Run(nearest, images, nearestLabels, 0.1);
        Assert.True(proto.Success.sum().ToInt64() >= ce.Success.sum().ToInt64() - 2,
            $"prototype loss fooled {proto.Success.sum().ToInt64()}, CE {ce.Success.sum().ToInt64()}");
    }
}
