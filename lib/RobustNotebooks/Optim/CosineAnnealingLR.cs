namespace RobustNotebooks.Optim;

/// <summary>Cosine annealing from each group's initial learning rate down to eta_min over T_max epochs
/// (Loshchilov and Hutter, 2017, without restarts), then back up, as PyTorch's CosineAnnealingLR:
/// lr_t = eta_min + (lr_0 − eta_min)·(1 + cos(π·t / T_max)) / 2, computed recursively as PyTorch does.</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    public int T_max { get; }
    public double eta_min { get; }

    public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (T_max <= 0) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be a positive number of epochs");
        this.T_max = T_max;
        this.eta_min = eta_min;
        InitialStep();
    }

    // The operation order mirrors PyTorch's get_lr so that the floating-point results agree exactly.
    protected override double[] get_lr()
    {
        var lrs = CurrentLrs();
        var e = last_epoch;
        if (e == 0) return lrs;
        var result = new double[lrs.Length];
        for (var i = 0; i < lrs.Length; i++)
        {
            var baseLr = base_lrs[i];
            if (step_count == 1 && e > 0)
                result[i] = eta_min + (baseLr - eta_min) * (1 + Math.Cos(e * Math.PI / T_max)) / 2;
            else if ((e - 1 - T_max) % (2 * T_max) == 0)
                result[i] = lrs[i] + (baseLr - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2;
            else
                result[i] = (1 + Math.Cos(Math.PI * e / T_max)) / (1 + Math.Cos(Math.PI * (e - 1) / T_max)) * (lrs[i] - eta_min) + eta_min;
        }
        return result;
    }
}
