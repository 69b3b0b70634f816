using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Nn;

public class ModuleTests
{
    private sealed class Net : Module<Tensor, Tensor>
    {
        private readonly Sequential features;
        private readonly Linear _fc;
        private readonly Tensor scale;
        private readonly Tensor offset;

        public Net()
        {
            features = nn.Sequential(nn.Conv2d(3, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten());
            _fc = nn.Linear(4, 2);
            scale = ones([2], requires_grad: true);
            offset = zeros(2);
            RegisterComponents();
        }

        public Linear fc => _fc;

        public override Tensor forward(Tensor input)
        {
            using var h = features.call(input);
            using var y = _fc.call(h);
            using var s = y * scale;
            return s + offset;
        }
    }

    [Fact]
    public void AForwardHookSeesTheInnerModulesInputAndOutputUntilItsHandleIsDisposed()
    {
        using var scope = NewDisposeScope();
        using var net = new Net();
        net.eval();
        manual_seed(3);
        var x = randn(new long[] { 5, 3, 6, 6 });
        Tensor? seenInput = null, seenOutput = null;
        var calls = 0;
        var handle = net.fc.register_forward_hook((module, input, output) =>
        {
            Assert.Same(net.fc, module);
            calls++;
            seenInput = input.clone();    // the net frees both once fc's call returns
            seenOutput = output.clone();
        });
        var y = net.call(x);
        Assert.Equal(1, calls);
        // fc's input is the pooled features, its output the linear map of them: both computed here by hand
        using (no_grad())
        {
            Assert.Equal([5L, 4L], seenInput!.shape);
            Assert.Equal([5L, 2L], seenOutput!.shape);
            Assert.True(seenOutput!.allclose(seenInput.matmul(net.fc.weight.t()) + net.fc.bias!, 1e-5, 1e-6));
            Assert.True((y - seenOutput).allclose(zeros(5, 2), 1e-5, 1e-6), "the net's output is fc's output times ones plus zeros");
        }
        handle.Dispose();
        handle.Dispose();
        net.call(x);
        Assert.Equal(1, calls);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public void NamesAreDottedAndInDeclarationOrder()
    {
        using var net = new Net();
        Assert.Equal(
            // Own members first, then children's, as PyTorch orders them.
            ["scale", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "fc.weight", "fc.bias"],
            net.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(
            ["offset", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"],
            net.named_buffers().Select(p => p.name).ToArray());
        Assert.Equal(["features", "fc"], net.named_children().Select(c => c.name).ToArray());
        Assert.Equal(["", "features", "features.0", "features.1", "features.2", "features.3", "features.4", "fc"],
            net.named_modules().Select(c => c.name).ToArray());
        var sd = net.state_dict();
        try
        {
            Assert.Equal(
                ["scale", "offset", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                 "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked", "fc.weight", "fc.bias"],
                sd.Keys.ToArray());
            Assert.False(sd["fc.weight"].requires_grad);
        }
        finally { foreach (var t in sd.Values) t.Dispose(); }
        Assert.Equal(["scale"], net.named_parameters(recurse: false).Select(p => p.name).ToArray());
    }

    [Fact]
    public void PrintsTheTreeLikePyTorch()
    {
        using var net = new Net();
        Assert.Equal(
            "Net(\n" +
            "  (features): Sequential(\n" +
            "    (0): Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n" +
            "    (1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n" +
            "    (2): ReLU()\n" +
            "    (3): AdaptiveAvgPool2d(output_size=1)\n" +
            "    (4): Flatten(start_dim=1, end_dim=-1)\n" +
            "  )\n" +
            "  (fc): Linear(in_features=4, out_features=2, bias=True)\n" +
            ")", net.ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool2d(2).ToString());
        Assert.Equal("Dropout(p=0.5, inplace=False)", nn.Dropout().ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.2)", nn.LeakyReLU(0.2).ToString());
    }

    [Fact]
    public void TrainAndEvalPropagateToEveryDescendant()
    {
        using var net = new Net();
        Assert.All(net.modules(), m => Assert.True(m.training));
        Assert.Same(net, net.eval());
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void ParametersSurviveTheScopeTheModelWasBuiltIn()
    {
        Net net;
        using (NewDisposeScope())
        {
            net = new Net();
            using var x = randn(2, 3, 5, 5);
        }
        using (net)
        {
            Assert.All(net.parameters().Concat(net.buffers()), t => Assert.False(t.IsDisposed));
            using var x = randn(2, 3, 5, 5);
            using var y = net.call(x);
            Assert.Equal([2L, 2L], y.shape);
        }
    }

    [Fact]
    public void DisposingAModelReturnsTheLiveCountToBaseline()
    {
        Settle();
        var baseline = Tensor.LiveCount;
        using (var net = new Net())
        {
            using var x = randn(2, 3, 5, 5);
            using var y = net.call(x);
            using var loss = y.sum();
            loss.backward();
            net.zero_grad();
            var sd = net.state_dict();
            foreach (var t in sd.Values) t.Dispose();
        }
        Assert.Equal(baseline, Tensor.LiveCount);
    }

    [Fact]
    public void SequentialFreesItsIntermediates()
    {
        using var seq = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.Identity());
        using var x = randn(5, 3);
        Settle();
        var before = Tensor.LiveCount;
        using (var y = seq.call(x)) Assert.Equal(before + 1, Tensor.LiveCount);
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void StateDictRoundTripsThroughSaveAndLoad()
    {
        var dir = Directory.CreateTempSubdirectory("rn-module-");
        try
        {
            var file = Path.Combine(dir.FullName, "net.safetensors");
            using var a = new Net();
            using (var x = randn(4, 3, 5, 5))
            using (var _ = a.call(x)) { } // updates the batch-norm statistics, so buffers differ from defaults
            a.save(file);
            using var b = new Net();
            var result = b.load(file);
            Assert.Empty(result.missing_keys);
            var sa = a.state_dict();
            var sb = b.state_dict();
            try
            {
                Assert.Equal(sa.Keys, sb.Keys);
                foreach (var k in sa.Keys)
                {
                    Assert.Equal(sa[k].dtype, sb[k].dtype);
                    Assert.True(sa[k].allclose(sb[k], 0, 0), $"{k} differs after save/load");
                }
                Assert.Equal(1L, sb["features.1.num_batches_tracked"].item<long>());
            }
            finally
            {
                foreach (var t in sa.Values.Concat(sb.Values)) t.Dispose();
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void StrictLoadNamesMissingUnexpectedAndMisshapenKeys()
    {
        using var net = new Net();
        var sd = net.state_dict();
        try
        {
            var broken = new Dictionary<string, Tensor>(sd);
            broken.Remove("fc.bias");
            using var extra = zeros(1);
            broken["fc.extra"] = extra;
            using var wrong = zeros(3, 4);
            broken["fc.weight"] = wrong;
            var e = Assert.Throws<StateDictException>(() => net.load_state_dict(broken));
            Assert.Contains("Missing key(s) in state_dict: \"fc.bias\"", e.Message);
            Assert.Contains("Unexpected key(s) in state_dict: \"fc.extra\"", e.Message);
            Assert.Contains("size mismatch for fc.weight: copying a param with shape [3, 4] from checkpoint, the shape in the current model is [2, 4]", e.Message);

            broken["fc.weight"] = sd["fc.weight"];
            using var marker = full([2], 7.0);
            broken["scale"] = marker;
            var r = net.load_state_dict(broken, strict: false);
            Assert.Equal(["fc.bias"], r.missing_keys);
            Assert.Equal(["fc.extra"], r.unexpected_keys);
            Assert.Equal(new float[] { 7, 7 }, net.named_parameters().Single(p => p.name == "scale").parameter.data<float>());
        }
        finally { foreach (var t in sd.Values) t.Dispose(); }
    }

    [Fact]
    public void ToDtypeConvertsInPlaceKeepingTheSameParameterObjects()
    {
        using var net = new Net();
        var before = net.parameters().ToList();
        using (var x = randn(2, 3, 5, 5))
        using (var y = net.call(x))
        using (var loss = y.sum())
            loss.backward();
        Assert.Same(net, net.to(ScalarType.Float64));
        var after = net.parameters().ToList();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Same(before[i], after[i]);
            Assert.Equal(ScalarType.Float64, after[i].dtype);
            Assert.True(after[i].requires_grad);
            using var g = after[i].grad!;
            Assert.Equal(ScalarType.Float64, g.dtype);
        }
        var nbt = net.named_buffers().Single(b => b.name.EndsWith("num_batches_tracked")).buffer;
        Assert.Equal(ScalarType.Int64, nbt.dtype);
        using var x64 = randn([2, 3, 5, 5], ScalarType.Float64);
        using var y64 = net.call(x64);
        Assert.Equal(ScalarType.Float64, y64.dtype);
    }

    [Fact]
    public void RegisterParameterRejectsNonLeavesAndDuplicates()
    {
        using var net = new Probe();
        using var a = ones([2], requires_grad: true);
        using var b = a * 2;
        Assert.Throws<ArgumentException>(() => net.Register("w", b));
        Assert.Throws<ArgumentException>(() => net.Register("a.b", zeros(1)));
    }

    private sealed class Probe : Module
    {
        public void Register(string name, Tensor t) => register_parameter(name, t);
    }
}
