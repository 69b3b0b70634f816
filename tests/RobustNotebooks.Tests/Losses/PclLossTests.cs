using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Losses;

public class PclLossTests
{
    private const int K = 3;
    private const int D = 2;
    private static readonly Dictionary<string, long> Dims = new() { ["f"] = D };

    private static ModelOutput Output(Tensor features) =>
        new(zeros(features.size(0), K), new Dictionary<string, Tensor> { ["f"] = features });

    private static double Dist2(float[] a, int i, float[] c, int j)
    {
        double s = 0;
        for (int d = 0; d < D; d++) s += Math.Pow(a[i * D + d] - c[j * D + d], 2);
        return s;
    }

    [Fact]
    public void OfficialTermsMatchTheirDefinition()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var loss = new OfficialPcl([new PclLayer("f")], Dims, K, weightProximity: 0.7, weightContrast: 0.2);
        var f = randn(5, D);
        var y = tensor(new long[] { 0, 2, 1, 2, 0 });
        var terms = loss.forward(Output(f), y);

        var fv = f.data<float>();
        var cp = loss.PrototypesOf(0).detach().data<float>();
        var cn = loss.named_parameters().Single(p => p.name == "contrast_centers_0").parameter.detach().data<float>();
        var labels = y.data<long>();
        double p = 0, n = 0;
        for (int i = 0; i < 5; i++)
        {
            p += Dist2(fv, i, cp, (int)labels[i]);
            for (int j = 0; j < K; j++) if (j != labels[i]) n += Dist2(fv, i, cn, j);
        }
        p /= 5;
        n /= 5 * (K - 1);
        Assert.Equal(p, terms.Terms["f/proximity"].ToDouble(), 4);
        Assert.Equal(n, terms.Terms["f/contrast"].ToDouble(), 4);
        Assert.Equal(0.7 * p - 0.2 * n, terms.Total.ToDouble(), 4);
    }

    [Fact]
    public void AContrastiveWeightOfZeroLeavesTheProximityTermAloneAndItsCentersStill()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var loss = new OfficialPcl([new PclLayer("f")], Dims, K, weightProximity: 1.0, weightContrast: 0);
        var f = randn(5, D).requires_grad_();
        var y = tensor(new long[] { 0, 2, 1, 2, 0 });
        var contrast = loss.named_parameters().Single(p => p.name == "contrast_centers_0").parameter;
        var contrastBefore = contrast.detach().clone();
        var proximityBefore = loss.PrototypesOf(0).detach().clone();
        var terms = loss.forward(Output(f), y);
        Assert.Equal(terms.Terms["f/proximity"].ToDouble(), terms.Total.ToDouble(), 12);
        terms.Total.backward();
        loss.StepPrototypes();
        Assert.True(contrast.detach().allclose(contrastBefore, 0, 0));
        Assert.False(loss.PrototypesOf(0).detach().allclose(proximityBefore, 0, 0));
        Assert.False(loss.PrototypesOf(0).isnan().any().item<bool>());
        Assert.Throws<ArgumentException>(() => new OfficialPcl([new PclLayer("f")], Dims, K, weightProximity: 0, weightContrast: 0));
        Assert.Throws<ArgumentException>(() => new OfficialPcl([new PclLayer("f")], Dims, K, weightProximity: 1, weightContrast: -1e-4));
    }

    [Fact]
    public void OfficialCenterStepIsACenterLossPullAndAContrastivePush()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        const double lrP = 0.5, lrC = 0.1, wP = 2.0, wC = 1e-3;
        using var loss = new OfficialPcl([new PclLayer("f")], Dims, K, wP, wC, lrP, lrC);
        var f = randn(6, D);
        var y = tensor(new long[] { 0, 0, 1, 2, 2, 2 });
        var cp = loss.PrototypesOf(0);
        var cn = loss.named_parameters().Single(p => p.name == "contrast_centers_0").parameter;
        var cpBefore = cp.detach().data<float>();
        var cnBefore = cn.detach().data<float>();
        loss.forward(Output(f), y).Total.backward();
        loss.StepPrototypes();

        var fv = f.data<float>();
        var labels = y.data<long>();
        var cpAfter = cp.detach().data<float>();
        var cnAfter = cn.detach().data<float>();
        for (int k = 0; k < K; k++)
            for (int d = 0; d < D; d++)
            {
                // c^p_k ← c^p_k − lr_p·(2/B)·Σ_{y_i = k}(c^p_k − f_i): the weight cancels.
                double pull = 0, push = 0;
                for (int i = 0; i < 6; i++)
                {
                    if (labels[i] == k) pull += cpBefore[k * D + d] - fv[i * D + d];
                    else push += cnBefore[k * D + d] - fv[i * D + d];
                }
                Assert.Equal(cpBefore[k * D + d] - lrP * 2.0 / 6 * pull, cpAfter[k * D + d], 4);
                // c^n_k ← c^n_k + lr_c·(2/(B(K−1)))·Σ_{y_i ≠ k}(c^n_k − f_i): ascent on the distances.
                Assert.Equal(cnBefore[k * D + d] + lrC * 2.0 / (6 * (K - 1)) * push, cnAfter[k * D + d], 4);
            }
        Assert.Null(cp.grad);
    }

    [Fact]
    public void PaperTermsMatchEquationFive()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var loss = new PaperPcl([new PclLayer("f")], Dims, K, weight: 0.5);
        var f = randn(4, D);
        var y = tensor(new long[] { 1, 0, 2, 1 });
        var terms = loss.forward(Output(f), y);
        var fv = f.data<float>();
        var w = loss.PrototypesOf(0).detach().data<float>();
        var labels = y.data<long>();
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            int yi = (int)labels[i];
            double s = Math.Sqrt(Dist2(fv, i, w, yi));
            double others = 0;
            for (int j = 0; j < K; j++)
                if (j != yi) others += Math.Sqrt(Dist2(fv, i, w, j)) + Math.Sqrt(Dist2(w, yi, w, j));
            sum += s - others / (K - 1);
        }
        Assert.Equal(0.5 * sum / 4, terms.Total.ToDouble(), 4);
    }

    // Eq. 5 for one layer, by hand in float64: weight · mean_i [s_i − Σ_{j≠y_i}(‖f_i − w_j‖ + ‖w_{y_i} − w_j‖)/(K−1)].
    private static double PaperByHand(float[] fv, float[] w, long[] labels, double weight)
    {
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int yi = (int)labels[i];
            double others = 0;
            for (int j = 0; j < K; j++)
                if (j != yi) others += Math.Sqrt(Dist2(fv, i, w, j)) + Math.Sqrt(Dist2(w, yi, w, j));
            sum += Math.Sqrt(Dist2(fv, i, w, yi)) - others / (K - 1);
        }
        return weight * sum / labels.Length;
    }

    [Fact]
    public void PaperLossOverSeveralLayersIsTheSumOfTheLayers()
    {
        using var scope = NewDisposeScope();
        manual_seed(17);
        var dims = new Dictionary<string, long> { ["f"] = D, ["g"] = D };
        using var loss = new PaperPcl([new PclLayer("f"), new PclLayer("g")], dims, K, weight: 0.3);
        var f = randn(4, D);
        var g = randn(4, D) * 3;
        var y = tensor(new long[] { 2, 0, 1, 1 });
        var output = new ModelOutput(zeros(4, K), new Dictionary<string, Tensor> { ["f"] = f, ["g"] = g });
        var terms = loss.forward(output, y);
        var labels = y.data<long>();
        var expectF = PaperByHand(f.data<float>(), loss.PrototypesOf(0).detach().data<float>(), labels, 0.3);
        var expectG = PaperByHand(g.data<float>(), loss.PrototypesOf(1).detach().data<float>(), labels, 0.3);
        Assert.NotEqual(expectF, expectG, 3);
        Assert.Equal(expectF + expectG, terms.Total.ToDouble(), 4);
        Assert.Equal(6, terms.Terms.Count);
        Assert.Contains("g/attraction", terms.Terms.Keys);
        // Each layer has prototypes of its own.
        Assert.NotSame(loss.PrototypesOf(0), loss.PrototypesOf(1));
        Assert.Equal(2, loss.parameters().Count());
    }

    [Fact]
    public void OfficialLossOverSeveralLayersIsTheSumOfTheLayers()
    {
        using var scope = NewDisposeScope();
        manual_seed(19);
        var dims = new Dictionary<string, long> { ["f"] = D, ["g"] = D };
        using var loss = new OfficialPcl([new PclLayer("f"), new PclLayer("g")], dims, K, weightProximity: 0.7, weightContrast: 0.2);
        var f = randn(3, D);
        var g = randn(3, D) + 2;
        var y = tensor(new long[] { 1, 0, 1 });
        var terms = loss.forward(new ModelOutput(zeros(3, K), new Dictionary<string, Tensor> { ["f"] = f, ["g"] = g }), y);
        double expected = 0;
        var labels = y.data<long>();
        foreach (var (layer, values) in new[] { (0, f.data<float>()), (1, g.data<float>()) })
        {
            var cp = loss.PrototypesOf(layer).detach().data<float>();
            var cn = loss.named_parameters().Single(p => p.name == $"contrast_centers_{layer}").parameter.detach().data<float>();
            double p = 0, n = 0;
            for (int i = 0; i < 3; i++)
            {
                p += Dist2(values, i, cp, (int)labels[i]);
                for (int j = 0; j < K; j++) if (j != labels[i]) n += Dist2(values, i, cn, j);
            }
            expected += 0.7 * p / 3 - 0.2 * n / (3 * (K - 1));
        }
        Assert.Equal(expected, terms.Total.ToDouble(), 4);
        Assert.Equal(4, terms.Terms.Count);
    }

    [Fact]
    public void PaperPrototypeStepIsPlainSgdOnTheLoss()
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        const double lr = 0.05, scale = 0.5;
        using var loss = new PaperPcl([new PclLayer("f")], Dims, K, weight: 0.5, lrPrototypes: lr);
        var w = loss.PrototypesOf(0);
        var f = randn(5, D);
        var y = tensor(new long[] { 0, 1, 2, 0, 1 });
        loss.forward(Output(f), y).Total.backward();
        var before = w.detach().data<float>();
        var gradient = w.grad!.data<float>();
        // The gradient itself against central differences of the loss by hand (float64).
        var fv = f.data<float>();
        var labels = y.data<long>();
        for (int k = 0; k < before.Length; k++)
        {
            var plus = (float[])before.Clone();
            var minus = (float[])before.Clone();
            plus[k] += 1e-3f;
            minus[k] -= 1e-3f;
            var numeric = (PaperByHand(fv, plus, labels, 0.5) - PaperByHand(fv, minus, labels, 0.5)) / (plus[k] - minus[k]);
            Assert.Equal(numeric, gradient[k], 3);
        }
        loss.StepPrototypes(scale);
        var after = w.detach().data<float>();
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k] - lr * scale * gradient[k], after[k], 5);
        Assert.Null(w.grad);
        // Without a gradient the step leaves the prototypes alone.
        loss.StepPrototypes();
        Assert.Equal(after, w.detach().data<float>());
    }

    [Fact]
    public void PaperGradientNearAPrototypeMatchesFloat64()
    {
        using var scope = NewDisposeScope();
        using var loss = new PaperPcl([new PclLayer("f")], Dims, K, weight: 1.0);
        float[] prototypes = [30, 40, -50, 10, 20, -60];
        using (no_grad()) loss.PrototypesOf(0).copy_(tensor(prototypes, [K, D]));
        // A feature 1e-3 from its class prototype, where the loss drives features: ‖f‖² ≈ 2500 in float32.
        float[] point = [30.001f, 40.0005f];
        var f = tensor(point, [1, D], requires_grad: true);
        loss.forward(Output(f), tensor(new long[] { 0 })).Total.backward();
        var grad = f.grad!.data<float>();
        // dL/df = (f − w_0)/‖f − w_0‖ − Σ_{j≠0} (f − w_j)/‖f − w_j‖ / (K − 1), in float64.
        for (int d = 0; d < D; d++)
        {
            double expected = 0;
            for (int j = 0; j < K; j++)
            {
                double norm = Math.Sqrt(Dist2(point, 0, prototypes, j));
                double unit = (point[d] - (double)prototypes[j * D + d]) / norm;
                expected += j == 0 ? unit : -unit / (K - 1);
            }
            Assert.True(Math.Abs(expected - grad[d]) < 1e-3, $"dL/df[{d}]: float64 {expected:R}, ours {grad[d]:R}");
        }
    }

    [Fact]
    public void HeadPoolsFeatureMapsAndProjects()
    {
        using var scope = NewDisposeScope();
        var dims = new Dictionary<string, long> { ["map"] = 4 };
        using var loss = new OfficialPcl([new PclLayer("map", 8)], dims, K);
        var output = new ModelOutput(zeros(2, K), new Dictionary<string, Tensor> { ["map"] = rand(2, 4, 3, 3) });
        var embedded = loss.Embed(output);
        Assert.Equal([2L, 8L], embedded[0].shape);
        Assert.Equal(2, loss.HeadParameters().Count());
    }

    [Fact]
    public void NearestPrototypePredictsTheClosestCenter()
    {
        using var scope = NewDisposeScope();
        using var loss = new OfficialPcl([new PclLayer("f")], Dims, K);
        var centers = loss.PrototypesOf(0);
        using (no_grad()) centers.copy_(tensor(new float[] { 0, 0, 10, 0, 0, 10 }, [3, 2]));
        var f = tensor(new float[] { 9, 1, 1, 1, -1, 8 }, [3, 2]);
        Assert.Equal(new long[] { 1, 0, 2 }, loss.PredictNearestPrototype(Output(f)).data<long>());
    }

    [Fact]
    public void LayerSpecParses()
    {
        Assert.Equal(new PclLayer("stage3", 256), PclLayer.Parse("stage3:256"));
        Assert.Equal(new PclLayer("penultimate"), PclLayer.Parse("penultimate"));
        Assert.Throws<FormatException>(() => PclLayer.Parse("x:-1"));
    }
}
