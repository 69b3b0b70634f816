using RobustNotebooks.Nn;
using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Nn;

/// <summary>Our layers against torch.nn's, with the same weights and inputs.</summary>
public class LayerReferenceTests
{
    private static void Dispose(IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors) t.Dispose();
    }

    [Fact]
    public void LinearAndConv2dForwardMatchPyTorch()
    {
        manual_seed(11);
        using var linear = nn.Linear(5, 3);
        using var conv = nn.Conv2d(4, 6, [3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2);
        using var x = randn(7, 5);
        using var img = randn(2, 4, 9, 8);
        var inputs = new Dictionary<string, Tensor> { ["x"] = x, ["img"] = img };
        foreach (var (k, v) in linear.state_dict()) inputs["linear." + k] = v;
        foreach (var (k, v) in conv.state_dict()) inputs["conv." + k] = v;
        var refs = PyTorchReference.Run("""
            lin = torch.nn.Linear(5, 3)
            conv = torch.nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
            lin.load_state_dict({k[7:]: v for k, v in inputs.items() if k.startswith("linear.")})
            conv.load_state_dict({k[5:]: v for k, v in inputs.items() if k.startswith("conv.")})
            with torch.no_grad():
                outputs["linear"] = lin(inputs["x"])
                outputs["conv"] = conv(inputs["img"])
            """, inputs);
        try
        {
            using var y = linear.call(x);
            using var z = conv.call(img);
            PyTorchReference.AssertClose(refs["linear"], y, 1e-5, 1e-6, "linear");
            PyTorchReference.AssertClose(refs["conv"], z, 1e-5, 1e-6, "conv");
        }
        finally
        {
            Dispose(refs.Values);
            Dispose(inputs.Where(e => e.Key.Contains('.')).Select(e => e.Value));
        }
    }

    [Fact]
    public void BatchNorm2dTrainingAndEvaluationMatchPyTorch()
    {
        manual_seed(12);
        using var bn = nn.BatchNorm2d(3, momentum: 0.3);
        using (no_grad())
        {
            bn.weight!.uniform_(0.5, 1.5);
            bn.bias!.uniform_(-0.5, 0.5);
        }
        using var a = randn(4, 3, 5, 5);
        using var b0 = randn(2, 3, 4, 4);
        using var b = b0 * 3 + 1;
        using var c = randn(3, 3, 2, 2);
        var inputs = new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b, ["c"] = c, ["weight"] = bn.weight!, ["bias"] = bn.bias! };
        var refs = PyTorchReference.Run("""
            bn = torch.nn.BatchNorm2d(3, momentum=0.3)
            with torch.no_grad():
                bn.weight.copy_(inputs["weight"])
                bn.bias.copy_(inputs["bias"])
                outputs["train_a"] = bn(inputs["a"])
                outputs["train_b"] = bn(inputs["b"])
                outputs["running_mean"] = bn.running_mean.clone()
                outputs["running_var"] = bn.running_var.clone()
                outputs["num_batches_tracked"] = bn.num_batches_tracked.clone()
                bn.eval()
                outputs["eval_c"] = bn(inputs["c"])
            """, inputs);
        try
        {
            using var ta = bn.call(a);
            using var tb = bn.call(b);
            bn.eval();
            using var ec = bn.call(c);
            PyTorchReference.AssertClose(refs["train_a"], ta, 1e-5, 1e-6, "train_a");
            PyTorchReference.AssertClose(refs["train_b"], tb, 1e-5, 1e-6, "train_b");
            PyTorchReference.AssertClose(refs["running_mean"], bn.running_mean!, 1e-6, 1e-7, "running_mean");
            PyTorchReference.AssertClose(refs["running_var"], bn.running_var!, 1e-6, 1e-7, "running_var");
            PyTorchReference.AssertClose(refs["eval_c"], ec, 1e-5, 1e-6, "eval_c");
            Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
            Assert.Equal(refs["num_batches_tracked"].item<long>(), bn.num_batches_tracked!.item<long>());
        }
        finally { Dispose(refs.Values); }
    }

    [Fact]
    public void PyTorchInitialisedModelsLoadAndAgree()
    {
        using var dummy = zeros(1);
        var refs = PyTorchReference.Run("""
            torch.manual_seed(0)
            net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.PReLU(4),
                                      torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(4 * 4 * 4, 10))
            x = torch.randn(3, 1, 8, 8)
            net.train()
            net(x)
            net.eval()
            with torch.no_grad():
                outputs["y"] = net(x)
            outputs["x"] = x
            for k, v in net.state_dict().items():
                outputs["sd." + k] = v
            """, new Dictionary<string, Tensor> { ["unused"] = dummy });
        try
        {
            using var net = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.PReLU(4),
                nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 10));
            var sd = refs.Where(e => e.Key.StartsWith("sd.")).ToDictionary(e => e.Key[3..], e => e.Value);
            var result = net.load_state_dict(sd);
            Assert.Empty(result.missing_keys);
            Assert.Empty(result.unexpected_keys);
            net.eval();
            using var y = net.call(refs["x"]);
            PyTorchReference.AssertClose(refs["y"], y, 1e-5, 1e-6, "y");
        }
        finally { Dispose(refs.Values); }
    }

    [Fact]
    public void DefaultInitialisationHasPyTorchsBounds()
    {
        manual_seed(5);
        using var linear = nn.Linear(400, 50);
        using var conv = nn.Conv2d(16, 32, 3);
        foreach (var (t, fanIn) in new[] { (linear.weight, 400.0), (linear.bias!, 400.0), (conv.weight, 144.0), (conv.bias!, 144.0) })
        {
            var bound = 1 / Math.Sqrt(fanIn);
            var v = t.data<float>();
            Assert.All(v, x => Assert.InRange(x, -bound, bound));
            // Thousands of weight draws must reach near both ends of U(±bound); a few dozen biases need not.
            if (v.Length > 1000) Assert.True(v.Max() > 0.99 * bound && v.Min() < -0.99 * bound, "values should fill the whole interval");
        }
    }
}
