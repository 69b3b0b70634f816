using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>Adam with decoupled weight decay (Loshchilov and Hutter, 2019): θ ← θ·(1 − lr·wd) before
/// the Adam update, as PyTorch's AdamW.</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, betas, eps, weight_decay, amsgrad, maximize)
    {
    }

    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(groups, lr, betas, eps, weight_decay, amsgrad, maximize, decoupledWeightDecay: true)
    {
    }
}
