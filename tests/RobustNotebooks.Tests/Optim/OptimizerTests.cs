using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Optim;

public class OptimizerTests
{
    private static Sequential Model()
    {
        manual_seed(3);
        return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3));
    }

    private static void TrainStep(Module<Tensor, Tensor> model, Optimizer opt, int k)
    {
        using var scope = NewDisposeScope();
        manual_seed(100 + k);
        var x = randn(6, 4);
        var target = randint(3, [6]);
        opt.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(x), target);
        loss.backward();
        opt.step();
    }

    private static float[] Flat(Module m) => m.parameters().SelectMany(p => p.data<float>()).ToArray();

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void ResumingFromACheckpointReproducesAnUninterruptedRun(string kind)
    {
        Optimizer Make(Module m) => kind switch
        {
            "sgd" => optim.SGD(m.parameters(), 0.1, momentum: 0.9, nesterov: true),
            "adam" => optim.Adam(m.parameters(), 0.01, amsgrad: true),
            _ => optim.AdamW(m.parameters(), 0.01),
        };
        var dir = Directory.CreateTempSubdirectory("rn-resume-");
        try
        {
            float[] straight;
            using (var model = Model())
            using (var opt = Make(model))
            {
                var sched = optim.lr_scheduler.MultiStepLR(opt, [2, 4], 0.5);
                for (var k = 0; k < 6; k++) { TrainStep(model, opt, k); sched.step(); }
                straight = Flat(model);
            }

            Dictionary<string, double> schedState;
            using (var model = Model())
            using (var opt = Make(model))
            {
                var sched = optim.lr_scheduler.MultiStepLR(opt, [2, 4], 0.5);
                for (var k = 0; k < 3; k++) { TrainStep(model, opt, k); sched.step(); }
                model.save(Path.Combine(dir.FullName, "model.safetensors"));
                using (var s = opt.state_dict()) s.Save(Path.Combine(dir.FullName, "optim.safetensors"));
                schedState = sched.state_dict();
            }

            using (var model = Model())
            using (var opt = Make(model))
            {
                model.load(Path.Combine(dir.FullName, "model.safetensors"));
                using (var s = OptimizerState.Load(Path.Combine(dir.FullName, "optim.safetensors"))) opt.load_state_dict(s);
                var sched = optim.lr_scheduler.MultiStepLR(opt, [2, 4], 0.5);
                sched.load_state_dict(schedState);
                Assert.Equal(opt.param_groups[0]["initial_lr"] * 0.5, opt.param_groups[0].lr);
                for (var k = 3; k < 6; k++) { TrainStep(model, opt, k); sched.step(); }
                Assert.Equal(straight, Flat(model));
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void ModuleToFloat64KeepsTheOptimizerValid()
    {
        using var model = Model();
        using var opt = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        TrainStep(model, opt, 0);
        model.to(ScalarType.Float64);
        Assert.Same(model.parameters().First(), opt.param_groups[0].Params[0]);
        var before = model.parameters().First().data<double>();
        using (var scope = NewDisposeScope())
        {
            var x = randn([6, 4], ScalarType.Float64);
            var loss = model.call(x).sum();
            opt.zero_grad();
            loss.backward();
            // load_state_dict casts state to each parameter's dtype, so a round trip moves the momentum too.
            using var s = opt.state_dict();
            opt.load_state_dict(s);
            opt.step();
        }
        var after = model.parameters().First().data<double>();
        Assert.NotEqual(before, after);
        Assert.All(opt.state.Values.SelectMany(s => s.Tensors.Values), t => Assert.Equal(ScalarType.Float64, t.dtype));
    }

    [Fact]
    public void StepsLeaveNoTemporariesBehind()
    {
        using var model = Model();
        using var opt = optim.Adam(model.parameters(), 0.01, amsgrad: true);
        TrainStep(model, opt, 0);
        using (var scope = NewDisposeScope())
        {
            var loss = model.call(randn(6, 4)).sum();
            loss.backward();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.LiveCount;
        opt.step();
        opt.step();
        Assert.Equal(before, Tensor.LiveCount);
        opt.zero_grad();
        opt.Dispose();
        Assert.Equal(before - 3 * 4, Tensor.LiveCount);
    }

    [Fact]
    public void InvalidHyperParametersAndMismatchedStateAreRejected()
    {
        using var p = zeros([2], requires_grad: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD([p], lr: -1));
        Assert.Throws<ArgumentException>(() => optim.SGD([p], lr: 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam([p], betas: (1.0, 0.9)));
        Assert.Throws<ArgumentException>(() => new SGD([new ParamGroup([p]), new ParamGroup([p])], 0.1));
        using var opt = optim.SGD([p], 0.1, momentum: 0.9);
        using var bad = new OptimizerState();
        bad.Scalars["group.0.param_count"] = 1;
        bad.Tensors["state.0.momentum_buffer"] = zeros(3);
        var e = Assert.Throws<ArgumentException>(() => opt.load_state_dict(bad));
        Assert.Contains("state.0.momentum_buffer", e.Message);
        bad.Scalars["group.0.param_count"] = 2;
        Assert.Throws<ArgumentException>(() => opt.load_state_dict(bad));
    }

    [Fact]
    public void ZeroGradClearsOrZeroes()
    {
        using var p = ones([2], requires_grad: true);
        using var opt = optim.SGD([p], 0.1);
        using (var l = (p * 3).sum()) l.backward();
        opt.zero_grad(set_to_none: false);
        using (var g = p.grad!) Assert.Equal(new float[] { 0, 0 }, g.data<float>());
        opt.zero_grad();
        Assert.Null(p.grad);
    }
}
