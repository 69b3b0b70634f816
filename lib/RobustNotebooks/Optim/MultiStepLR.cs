namespace RobustNotebooks.Optim;

/// <summary>Multiplies each group's learning rate by gamma when the epoch reaches a milestone
/// (a milestone listed twice applies gamma twice).</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly Dictionary<int, int> _milestones;

    public IReadOnlyList<int> milestones { get; }
    public double gamma { get; }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        this.milestones = milestones.Order().ToArray();
        _milestones = milestones.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        this.gamma = gamma;
        InitialStep();
    }

    protected override double[] get_lr()
    {
        var lrs = CurrentLrs();
        if (!_milestones.TryGetValue(last_epoch, out var count)) return lrs;
        return lrs.Select(lr => lr * Math.Pow(gamma, count)).ToArray();
    }
}
