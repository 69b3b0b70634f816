using RobustNotebooks.Attacks;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>For one seed, more steps or more restarts can only add successes (a found adversarial is kept,
/// and the first r restarts draw the same starts whatever the total).</summary>
public class AttackOrderTests
{
    [Fact]
    public void MoreStepsOrRestartsNeverRaiseRobustAccuracy()
    {
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(seed: 37);
        using var _ = model;
        const double eps = 0.05;
        var previous = new List<(string name, bool[] fooled)>();
        foreach (var (steps, restarts) in new[] { (2, 1), (5, 1), (10, 1), (10, 2), (10, 4), (20, 4) })
        {
            using var result = new Pgd { Steps = steps, Restarts = restarts, StepSize = 0.02, Seed = 9 }.Run(model, images, labels, eps);
            var fooled = result.Success.data<bool>();
            foreach (var (name, before) in previous.Where(p => p.name.StartsWith($"{steps}x") || p.name.EndsWith($"x{restarts}")))
                for (int i = 0; i < fooled.Length; i++)
                    Assert.True(!before[i] || fooled[i], $"example {i} fooled by {name} but not by {steps}x{restarts}");
            previous.Add(($"{steps}x{restarts}", fooled));
        }
        var counts = previous.Select(p => p.fooled.Count(f => f)).ToList();
        Assert.True(counts[^1] > counts[0], $"the order test saw no change ({string.Join(", ", counts)}): make ε or the steps bigger");
    }
}
