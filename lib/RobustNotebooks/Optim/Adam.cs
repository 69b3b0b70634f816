using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>Adam (Kingma and Ba, 2015) with PyTorch's update rule: optional L2 weight decay added to
/// the gradient, bias-corrected moment estimates, and optional AMSGrad. <see cref="AdamW"/> decays the
/// weights directly instead.</summary>
public class Adam : Optimizer
{
    private readonly bool _decoupledWeightDecay;

    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, betas, eps, weight_decay, amsgrad, maximize)
    {
    }

    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, lr, betas, eps, weight_decay, amsgrad, maximize, decoupledWeightDecay: false)
    {
    }

    private protected Adam(IEnumerable<ParamGroup> groups, double lr, (double, double)? betas, double eps, double weight_decay,
        bool amsgrad, bool maximize, bool decoupledWeightDecay)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = (betas ?? (0.9, 0.999)).Item1, ["beta2"] = (betas ?? (0.9, 0.999)).Item2, ["eps"] = eps,
            ["weight_decay"] = weight_decay, ["amsgrad"] = amsgrad ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
        _decoupledWeightDecay = decoupledWeightDecay;
    }

    protected override void Validate(ParamGroup g)
    {
        if (g.lr < 0) throw new ArgumentOutOfRangeException("lr", g.lr, $"Invalid learning rate: {g.lr}");
        if (g.eps < 0) throw new ArgumentOutOfRangeException("eps", g.eps, $"Invalid epsilon value: {g.eps}");
        var (b1, b2) = g.betas;
        if (b1 < 0 || b1 >= 1) throw new ArgumentOutOfRangeException("betas", b1, $"Invalid beta parameter at index 0: {b1}");
        if (b2 < 0 || b2 >= 1) throw new ArgumentOutOfRangeException("betas", b2, $"Invalid beta parameter at index 1: {b2}");
        if (g.weight_decay < 0) throw new ArgumentOutOfRangeException("weight_decay", g.weight_decay, $"Invalid weight_decay value: {g.weight_decay}");
    }

    public override void step() => ForEachParameterWithGrad((group, p, grad, state) =>
    {
        var (beta1, beta2) = group.betas;
        var lr = group.lr;
        if (!state.Tensors.ContainsKey("exp_avg"))
        {
            state.Scalars["step"] = 0;
            state.Set("exp_avg", torch.zeros_like(p));
            state.Set("exp_avg_sq", torch.zeros_like(p));
            if (group.amsgrad) state.Set("max_exp_avg_sq", torch.zeros_like(p));
        }
        var expAvg = state.Tensors["exp_avg"];
        var expAvgSq = state.Tensors["exp_avg_sq"];
        var step = state.Scalars["step"] += 1;

        var g = group.maximize ? grad.neg() : grad;
        if (_decoupledWeightDecay) p.mul_(1 - lr * group.weight_decay);
        else if (group.weight_decay != 0) g = g.add(p, group.weight_decay);

        expAvg.mul_(beta1).add_(g, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(g, g, 1 - beta2);

        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var stepSize = lr / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        Tensor second = expAvgSq;
        if (group.amsgrad)
        {
            if (!state.Tensors.TryGetValue("max_exp_avg_sq", out var max))
                max = state.Set("max_exp_avg_sq", torch.zeros_like(p));
            max.copy_(max.maximum(expAvgSq));
            second = max;
        }
        var denom = second.sqrt().div_(biasCorrection2Sqrt).add_(group.eps);
        p.addcdiv_(expAvg, denom, -stepSize);
    });
}
