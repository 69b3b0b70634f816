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
