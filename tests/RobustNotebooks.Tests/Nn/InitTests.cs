using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Nn;

public class InitTests
{
    [Theory]
    [InlineData("fan_in", "relu", 0.0)]
    [InlineData("fan_out", "relu", 0.0)]
    [InlineData("fan_in", "leaky_relu", 0.2)]
    [InlineData("fan_in", "linear", 0.0)]
    public void KaimingNormalStdMatchesTheFormula(string mode, string nonlinearity, double a)
    {
        manual_seed(1);
        using var w = empty(256, 128, 3, 3);
        nn.init.kaiming_normal_(w, a, mode, nonlinearity);
        var fan = mode == "fan_in" ? 128 * 9 : 256 * 9;
        var gain = nonlinearity switch { "relu" => Math.Sqrt(2), "leaky_relu" => Math.Sqrt(2 / (1 + a * a)), _ => 1.0 };
        var expected = gain / Math.Sqrt(fan);
        using var std = w.std();
        Assert.InRange(std.item<double>(), expected * 0.98, expected * 1.02);
        using var mean = w.mean();
        Assert.InRange(mean.item<double>(), -expected * 0.02, expected * 0.02);
    }

    [Fact]
    public void UniformInitialisersStayInsideTheirBounds()
    {
        manual_seed(2);
        using var w = empty(64, 32);
        nn.init.xavier_uniform_(w);
        var bound = Math.Sqrt(6.0 / (64 + 32));
        using var max = w.abs().max();
        Assert.InRange(max.item<double>(), bound * 0.95, bound);
        nn.init.kaiming_uniform_(w, a: Math.Sqrt(5));
        using var max2 = w.abs().max();
        Assert.InRange(max2.item<double>(), 0.95 / Math.Sqrt(32), 1 / Math.Sqrt(32));
    }

    [Fact]
    public void FansCountTheReceptiveField()
    {
        using var w = empty(16, 8, 5, 3);
        Assert.Equal((8L * 15, 16L * 15), nn.init.calculate_fan_in_and_fan_out(w));
        using var v = empty(4);
        Assert.Throws<ArgumentException>(() => nn.init.calculate_fan_in_and_fan_out(v));
    }

    [Fact]
    public void InitialisersWorkOnParametersThatRequireGrad()
    {
        using var w = empty([3, 3], requires_grad: true);
        nn.init.constant_(w, 0.5);
        Assert.All(w.data<float>(), v => Assert.Equal(0.5f, v));
        nn.init.zeros_(w);
        Assert.All(w.data<float>(), v => Assert.Equal(0f, v));
        Assert.True(w.is_leaf);
    }
}
