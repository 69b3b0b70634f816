using RobustNotebooks.Optim;
using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Optim;

/// <summary>Our optimizers and schedulers against PyTorch 1.13's, on the same parameters and the same
/// sequence of gradients.</summary>
public class OptimizerReferenceTests
{
    private const int Steps = 5;

    private static Dictionary<string, Tensor> Inputs()
    {
        manual_seed(7);
        var d = new Dictionary<string, Tensor> { ["w"] = randn(3, 4), ["b"] = randn(4) };
        for (var k = 0; k < Steps; k++)
        {
            d[$"gw{k}"] = randn(3, 4);
            d[$"gb{k}"] = randn(4);
        }
        return d;
    }

    private static (Tensor w, Tensor b) Run(Dictionary<string, Tensor> inputs, Func<Tensor, Tensor, Optimizer> make, out OptimizerState state)
    {
        var w = inputs["w"].clone().requires_grad_();
        var b = inputs["b"].clone().requires_grad_();
        using var opt = make(w, b);
        for (var k = 0; k < Steps; k++)
        {
            w.grad = inputs[$"gw{k}"];
            b.grad = inputs[$"gb{k}"];
            opt.step();
        }
        state = opt.state_dict();
        var copy = new OptimizerState();
        foreach (var (key, t) in state.Tensors) copy.Tensors[key] = t.clone();
        foreach (var (key, v) in state.Scalars) copy.Scalars[key] = v;
        state.Dispose();
        state = copy;
        return (w, b);
    }

    private static void Compare(string pythonOptimizer, Func<Tensor, Tensor, Optimizer> make, params string[] stateNames)
    {
        var inputs = Inputs();
        try
        {
            var refs = PyTorchReference.Run($$"""
                w = inputs["w"].clone().requires_grad_()
                b = inputs["b"].clone().requires_grad_()
                opt = {{pythonOptimizer}}
                for k in range({{Steps}}):
                    w.grad = inputs[f"gw{k}"].clone()
                    b.grad = inputs[f"gb{k}"].clone()
                    opt.step()
                outputs["w"] = w
                outputs["b"] = b
                for i, p in enumerate([w, b]):
                    for name, v in opt.state[p].items():
                        if torch.is_tensor(v) and v.dim() > 0:
                            outputs[f"state.{i}.{name}"] = v
                """, inputs);
            var (w, b) = Run(inputs, make, out var state);
            using (w)
            using (b)
            using (state)
            {
                PyTorchReference.AssertClose(refs["w"], w, 1e-6, 1e-7, "w");
                PyTorchReference.AssertClose(refs["b"], b, 1e-6, 1e-7, "b");
                foreach (var name in stateNames)
                    for (var i = 0; i < 2; i++)
                    {
                        var key = $"state.{i}.{name}";
                        Assert.True(refs.ContainsKey(key), $"PyTorch has no {key}");
                        PyTorchReference.AssertClose(refs[key], state.Tensors[key], 1e-6, 1e-7, key);
                    }
                Assert.Equal(stateNames.Length * 2, state.Tensors.Count);
            }
            foreach (var t in refs.Values) t.Dispose();
        }
        finally { foreach (var t in inputs.Values) t.Dispose(); }
    }

    [Fact]
    public void SgdWithNesterovMomentumAndWeightDecayMatchesPyTorch() => Compare(
        "torch.optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.05}], lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)",
        (w, b) => new SGD([new ParamGroup([w]), new ParamGroup([b], lr: 0.05)], lr: 0.1, momentum: 0.9, weight_decay: 5e-4, nesterov: true),
        "momentum_buffer");

    [Fact]
    public void SgdWithDampenedMomentumMatchesPyTorch() => Compare(
        "torch.optim.SGD([w, b], lr=0.2, momentum=0.8, dampening=0.3, weight_decay=1e-2)",
        (w, b) => optim.SGD([w, b], lr: 0.2, momentum: 0.8, dampening: 0.3, weight_decay: 1e-2),
        "momentum_buffer");

    [Fact]
    public void AdamWithWeightDecayMatchesPyTorch() => Compare(
        "torch.optim.Adam([w, b], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)",
        (w, b) => optim.Adam([w, b], lr: 0.01, betas: (0.8, 0.99), eps: 1e-6, weight_decay: 0.1),
        "exp_avg", "exp_avg_sq");

    [Fact]
    public void AdamAmsgradMatchesPyTorch() => Compare(
        "torch.optim.Adam([w, b], lr=0.02, amsgrad=True)",
        (w, b) => optim.Adam([w, b], lr: 0.02, amsgrad: true),
        "exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    [Fact]
    public void AdamWMatchesPyTorch() => Compare(
        "torch.optim.AdamW([{'params': [w], 'weight_decay': 0.5}, {'params': [b]}], lr=0.03)",
        (w, b) => optim.AdamW([new ParamGroup([w], weight_decay: 0.5), new ParamGroup([b])], lr: 0.03),
        "exp_avg", "exp_avg_sq");

    [Fact]
    public void SchedulersMatchPyTorchLearningRates()
    {
        const int Epochs = 30;
        using var dummy = zeros(1);
        var refs = PyTorchReference.Run($$"""
            import warnings
            warnings.simplefilter("ignore")
            p = torch.zeros(1, requires_grad=True)
            for name, make in [("multistep", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [5, 10, 10, 20], gamma=0.5)),
                               ("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=7, eta_min=0.001))]:
                opt = torch.optim.SGD([{"params": [p]}, {"params": [], "lr": 0.3}], lr=0.1, momentum=0.9)
                sched = make(opt)
                lrs = []
                for epoch in range({{Epochs}}):
                    lrs.append(sched.get_last_lr())
                    opt.step()
                    sched.step()
                outputs[name] = torch.tensor(lrs, dtype=torch.float64)
            """, new Dictionary<string, Tensor> { ["unused"] = dummy });
        try
        {
            foreach (var name in new[] { "multistep", "cosine" })
            {
                using var p = zeros([1], requires_grad: true);
                using var opt = new SGD([new ParamGroup([p]), new ParamGroup([], lr: 0.3)], lr: 0.1, momentum: 0.9);
                LRScheduler sched = name == "multistep"
                    ? optim.lr_scheduler.MultiStepLR(opt, [5, 10, 10, 20], gamma: 0.5)
                    : optim.lr_scheduler.CosineAnnealingLR(opt, T_max: 7, eta_min: 0.001);
                var expected = refs[name].data<double>();
                for (var epoch = 0; epoch < Epochs; epoch++)
                {
                    var lrs = sched.get_last_lr();
                    for (var g = 0; g < 2; g++)
                        Assert.True(Math.Abs(expected[epoch * 2 + g] - lrs[g]) <= 1e-15 * Math.Abs(expected[epoch * 2 + g]),
                            $"{name} epoch {epoch} group {g}: PyTorch {expected[epoch * 2 + g]:R}, ours {lrs[g]:R}");
                    opt.step();
                    sched.step();
                }
            }
        }
        finally { foreach (var t in refs.Values) t.Dispose(); }
    }
}
