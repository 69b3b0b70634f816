using RobustNotebooks.Losses;
using RobustNotebooks.Tests.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Defenses;

/// <summary>Adversarial logit pairing and TRADES against values computed by hand from their definitions.</summary>
public class AdversarialLossTests : LiveTensorCheck
{
    private static readonly float[] Clean = { 2.0f, -1.0f, 0.5f, 0.0f, 1.5f, -0.5f };
    private static readonly float[] Adversarial = { 0.5f, 0.5f, 1.0f, 1.0f, -1.0f, 2.0f };
    private static readonly long[] Labels = { 0, 1 };

    private static double[] LogSoftmax(float[] z, int row)
    {
        var r = z.Skip(row * 3).Take(3).Select(v => (double)v).ToArray();
        var lse = Math.Log(r.Sum(Math.Exp));
        return r.Select(v => v - lse).ToArray();
    }

    private static double CrossEntropy(float[] z) => -(LogSoftmax(z, 0)[Labels[0]] + LogSoftmax(z, 1)[Labels[1]]) / 2;

    [Fact]
    public void LogitPairingIsMixedCrossEntropyPlusWeightedMeanSquaredLogitGap()
    {
        using var scope = NewDisposeScope();
        var clean = tensor(Clean, [2, 3]);
        var adversarial = tensor(Adversarial, [2, 3]);
        var labels = tensor(Labels);
        double gap = Clean.Zip(Adversarial).Sum(p => Math.Pow(p.First - p.Second, 2)) / 6;   // (2.25 + 2.25 + 0.25 + 1 + 6.25 + 6.25) / 6
        Assert.Equal(18.25 / 6, gap, 12);
        Assert.Equal(gap, LogitPairing.Penalty(clean, adversarial).ToDouble(), 5);
        double expected = 0.5 * CrossEntropy(Clean) + 0.5 * CrossEntropy(Adversarial) + 0.5 * gap;
        Assert.Equal(expected, LogitPairing.Loss(clean, adversarial, labels).ToDouble(), 5);
        Assert.Equal(expected + 1.5 * gap, LogitPairing.Loss(clean, adversarial, labels, weight: 2.0).ToDouble(), 5);
        Assert.Equal(CrossEntropy(Clean), LogitPairing.Loss(clean, clean, labels).ToDouble(), 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogitPairing.Loss(clean, adversarial, labels, weight: -1));
        Assert.Throws<ArgumentException>(() => LogitPairing.Penalty(clean, adversarial.narrow(0, 0, 1)));
    }

    [Fact]
    public void TradesIsCleanCrossEntropyPlusBetaTimesBatchMeanKl()
    {
        using var scope = NewDisposeScope();
        var clean = tensor(Clean, [2, 3]);
        var adversarial = tensor(Adversarial, [2, 3]);
        var labels = tensor(Labels);
        double kl = 0;
        for (int i = 0; i < 2; i++)
        {
            var logP = LogSoftmax(Clean, i);
            var logQ = LogSoftmax(Adversarial, i);
            for (int k = 0; k < 3; k++) kl += Math.Exp(logP[k]) * (logP[k] - logQ[k]);
        }
        kl /= 2;
        Assert.True(kl > 0.1);
        Assert.Equal(kl, Trades.Divergence(clean, adversarial).ToDouble(), 5);
        Assert.Equal(CrossEntropy(Clean) + 6 * kl, Trades.Loss(clean, adversarial, labels).ToDouble(), 4);
        Assert.Equal(CrossEntropy(Clean) + 1 * kl, Trades.Loss(clean, adversarial, labels, beta: 1).ToDouble(), 5);
        Assert.Equal(0, Trades.Divergence(clean, clean).ToDouble(), 6);
        // KL is not symmetric: the clean distribution is the reference.
        Assert.NotEqual(Trades.Divergence(adversarial, clean).ToDouble(), kl, 3);
    }

    [Fact]
    public void TradesGradientReachesBothLogits()
    {
        using var scope = NewDisposeScope();
        var clean = tensor(Clean, [2, 3], requires_grad: true);
        var adversarial = tensor(Adversarial, [2, 3], requires_grad: true);
        Trades.Divergence(clean, adversarial).backward();
        Assert.True(clean.grad!.abs().sum().ToDouble() > 0);
        Assert.True(adversarial.grad!.abs().sum().ToDouble() > 0);
    }
}
