using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Torch;

/// <summary>End to end: a small CNN built from the nn modules learns to tell oriented bars apart.</summary>
public class CnnLearningTests : LiveTensorCheck
{
    private const int Size = 10;

    /// <summary>Noisy 10×10 images of one bar: horizontal, vertical, diagonal or anti-diagonal (the class),
    /// at a random offset.</summary>
    private static (Tensor images, Tensor labels) Bars(int n, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[n * Size * Size];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            var label = random.Next(4);
            labels[i] = label;
            var offset = random.Next(2, Size - 2);
            for (int k = 0; k < Size; k++)
            {
                var (r, c) = label switch
                {
                    0 => (offset, k),
                    1 => (k, offset),
                    2 => (k, (k + offset) % Size),
                    _ => (k, (Size - 1 - k + offset) % Size),
                };
                pixels[i * Size * Size + r * Size + c] = 1;
            }
            for (int p = 0; p < Size * Size; p++) pixels[i * Size * Size + p] += (float)(random.NextDouble() * 0.3);
        }
        return (tensor(pixels, [n, 1, Size, Size]), tensor(labels));
    }

    [Fact]
    public void ASmallCnnLearnsOrientedBars()
    {
        manual_seed(11);
        using var model = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding: 1), nn.PReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding: 1), nn.PReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 2 * 2, 4));
        var parameters = model.parameters().ToList();
        var momentum = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToList();
        var (train, trainLabels) = Bars(512, 1);
        var (test, testLabels) = Bars(256, 2);
        try
        {
            model.train();
            for (int epoch = 0; epoch < 12; epoch++)
                for (int start = 0; start < 512; start += 64)
                {
                    using var step = NewDisposeScope();
                    model.zero_grad();
                    F.cross_entropy(model.call(train[start..(start + 64)]), trainLabels[start..(start + 64)]).backward();
                    using var _ = no_grad();
                    for (int i = 0; i < parameters.Count; i++)
                    {
                        momentum[i].mul_(0.9).add_(parameters[i].grad!);
                        parameters[i].add_(momentum[i], -0.05);
                    }
                }
            model.eval();
            using var scope = NewDisposeScope();
            using var __ = no_grad();
            var accuracy = model.call(test).argmax(1).eq(testLabels).to(float64).mean().item<double>();
            Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P1}");
        }
        finally
        {
            foreach (var t in momentum.Concat([train, trainLabels, test, testLabels])) t.Dispose();
        }
    }
}
