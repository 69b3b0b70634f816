using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>Stochastic gradient descent with optional momentum (heavy-ball or Nesterov), dampening
/// and L2 weight decay, with PyTorch's update rule: g ← ∇ + wd·θ; b ← g on the first step, then
/// b ← μ·b + (1−τ)·g; g ← g + μ·b (Nesterov) or g ← b; θ ← θ − lr·g.</summary>
public sealed class SGD : Optimizer
{
    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov, maximize)
    {
    }

    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weight_decay,
            ["nesterov"] = nesterov ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    protected override void Validate(ParamGroup g)
    {
        if (g.lr < 0) throw new ArgumentOutOfRangeException("lr", g.lr, $"Invalid learning rate: {g.lr}");
        if (g.momentum < 0) throw new ArgumentOutOfRangeException("momentum", g.momentum, $"Invalid momentum value: {g.momentum}");
        if (g.weight_decay < 0) throw new ArgumentOutOfRangeException("weight_decay", g.weight_decay, $"Invalid weight_decay value: {g.weight_decay}");
        if (g.nesterov && (g.momentum <= 0 || g.dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    public override void step() => ForEachParameterWithGrad((group, p, grad, state) =>
    {
        var d = group.maximize ? grad.neg() : grad;
        if (group.weight_decay != 0) d = d.add(p, group.weight_decay);
        var momentum = group.momentum;
        if (momentum != 0)
        {
            if (!state.Tensors.TryGetValue("momentum_buffer", out var buf))
                buf = state.Set("momentum_buffer", d.clone());
            else
                buf.mul_(momentum).add_(d, 1 - group.dampening);
            d = group.nesterov ? d.add(buf, momentum) : buf;
        }
        p.add_(d, -group.lr);
    });
}
