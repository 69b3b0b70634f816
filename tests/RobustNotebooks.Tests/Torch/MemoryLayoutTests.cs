using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Channels-last layout: what it does to strides and to nothing else, and the models that use it.</summary>
public class MemoryLayoutTests
{
    [Fact]
    public void ChannelsLastPutsAPixelsChannelsSideBySideAndKeepsEveryValue()
    {
        using var x = arange(120, dtype: float32).reshape(2, 3, 4, 5);
        using var y = x.contiguous(MemoryFormat.ChannelsLast);
        // N, H, W, C order: the channel is the fastest index, then the column, then the row.
        Assert.Equal([60L, 1, 15, 3], y.stride());
        Assert.Equal([60L, 20, 5, 1], x.stride());
        Assert.True(y.is_contiguous(MemoryFormat.ChannelsLast));
        Assert.False(y.is_contiguous());
        Assert.Equal(x.shape, y.shape);
        Assert.Equal(x.data<float>(), y.data<float>());
        using var back = y.contiguous();
        Assert.Equal([60L, 20, 5, 1], back.stride());
    }

    [Fact]
    public void ModuleToMemoryFormatRelaysOutFourDimensionalParametersInPlace()
    {
        manual_seed(1);
        using var model = new LeNetPlusPlus();
        var convWeights = model.parameters().Where(p => p.dim() == 4 && p.size(1) > 1).ToList();
        Assert.Equal(5, convWeights.Count);
        Assert.All(convWeights, w => Assert.True(w.is_contiguous(MemoryFormat.ChannelsLast)));
        var before = convWeights.Select(w => w.data<float>()).ToList();
        using var optimizer = new SGD(model.parameters().ToList(), 0.1);

        model.to(MemoryFormat.Contiguous);
        // The same parameter objects (so the optimizer's references stay valid), relaid, values unchanged.
        Assert.All(convWeights, w => Assert.Equal([w.size(1) * 25, 25L, 5, 1], w.stride()));
        for (int i = 0; i < convWeights.Count; i++) Assert.Equal(before[i], convWeights[i].data<float>());
        Assert.All(model.parameters().Where(p => p.dim() != 4), p => Assert.True(p.is_contiguous()));

        using var images = rand(4, 1, 28, 28);
        using var labels = tensor(new long[] { 0, 1, 2, 3 });
        optimizer.zero_grad();
        using (var loss = nn.functional.cross_entropy(model.logits(images), labels)) loss.backward();
        optimizer.step();
        Assert.NotEqual(before[0], convWeights[0].data<float>());
    }

    [Fact]
    public void LeNetComputesTheSameFunctionAndInputGradientInEitherLayout()
    {
        manual_seed(2);
        using var channelsLast = new LeNetPlusPlus();
        using var contiguous = new LeNetPlusPlus().to(MemoryFormat.Contiguous);
        var source = channelsLast.state_dict();
        var target = contiguous.state_dict();
        using (no_grad())
            foreach (var (name, value) in source) target[name].copy_(value);
        foreach (var t in source.Values.Concat(target.Values)) t.Dispose();
        using var images = rand(8, 1, 28, 28);
        (float[] Logits, float[] Gradient) Run(LeNetPlusPlus model)
        {
            using var scope = NewDisposeScope();
            var x = images.clone().requires_grad_();
            var logits = model.logits(x);
            var gradient = autograd.grad(nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7 })), x);
            return (logits.data<float>(), gradient.data<float>());
        }
        var (l1, g1) = Run(channelsLast);
        var (l2, g2) = Run(contiguous);
        for (int i = 0; i < l1.Length; i++) Assert.Equal(l2[i], l1[i], 1e-5);
        var scale = g2.Max(Math.Abs);
        for (int i = 0; i < g1.Length; i++) Assert.True(Math.Abs(g1[i] - g2[i]) <= 1e-4 * scale, $"gradient {i}: {g1[i]} vs {g2[i]}");
    }
}
