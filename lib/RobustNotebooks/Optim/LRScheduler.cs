using System.Globalization;

namespace RobustNotebooks.Optim;

/// <summary>The base of learning-rate schedulers, with PyTorch's protocol: constructing one records
/// each group's "initial_lr" and takes the first step (last_epoch 0); call <see cref="step"/> once per
/// epoch after optimizer.step(). The rules are PyTorch's recursive (chainable) forms, so the
/// learning rates match it to the last bit.</summary>
public abstract class LRScheduler
{
    private double[] _lastLr = [];

    public Optimizer optimizer { get; }

    /// <summary>The epoch the current learning rates belong to.</summary>
    public int last_epoch { get; private set; }

    /// <summary>How many times <see cref="step"/> has run (PyTorch's _step_count).</summary>
    protected int step_count { get; private set; }

    public IReadOnlyList<double> base_lrs { get; private set; }

    protected LRScheduler(Optimizer optimizer, int last_epoch = -1)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        for (var i = 0; i < optimizer.param_groups.Count; i++)
        {
            var g = optimizer.param_groups[i];
            if (last_epoch == -1) g.SetDefault("initial_lr", g.lr);
            else if (!g.ContainsKey("initial_lr"))
                throw new KeyNotFoundException($"param 'initial_lr' is not specified in param_groups[{i}] when resuming an optimizer");
        }
        base_lrs = optimizer.param_groups.Select(g => g["initial_lr"]).ToArray();
        this.last_epoch = last_epoch;
    }

    /// <summary>Subclasses call this at the end of their constructor (PyTorch's _initial_step).</summary>
    protected void InitialStep()
    {
        step_count = 0;
        step();
    }

    /// <summary>The new learning rate of each group for <see cref="last_epoch"/>.</summary>
    protected abstract double[] get_lr();

    public void step()
    {
        step_count++;
        last_epoch++;
        var values = get_lr();
        for (var i = 0; i < values.Length; i++) optimizer.param_groups[i].lr = values[i];
        _lastLr = optimizer.param_groups.Select(g => g.lr).ToArray();
    }

    /// <summary>The learning rates set by the latest step, one per group.</summary>
    public double[] get_last_lr() => (double[])_lastLr.Clone();

    /// <summary>What a resumed run needs: "last_epoch", "step_count", "base_lrs.i", "last_lr.i".
    /// The learning rates themselves live in the optimizer's state.</summary>
    public Dictionary<string, double> state_dict()
    {
        var d = new Dictionary<string, double> { ["last_epoch"] = last_epoch, ["step_count"] = step_count };
        for (var i = 0; i < base_lrs.Count; i++) d[$"base_lrs.{i}"] = base_lrs[i];
        for (var i = 0; i < _lastLr.Length; i++) d[$"last_lr.{i}"] = _lastLr[i];
        return d;
    }

    public void load_state_dict(IReadOnlyDictionary<string, double> state)
    {
        double Get(string key) => state.TryGetValue(key, out var v) ? v
            : throw new ArgumentException($"scheduler state has no '{key}'", nameof(state));
        var groups = optimizer.param_groups.Count;
        var baseLrs = Enumerable.Range(0, groups).Select(i => Get($"base_lrs.{i}")).ToArray();
        var lastLr = Enumerable.Range(0, groups).Select(i => Get($"last_lr.{i}")).ToArray();
        last_epoch = checked((int)Get("last_epoch"));
        step_count = checked((int)Get("step_count"));
        base_lrs = baseLrs;
        _lastLr = lastLr;
    }

    protected double[] CurrentLrs() => optimizer.param_groups.Select(g => g.lr).ToArray();

    public override string ToString() =>
        $"{GetType().Name}(last_epoch={last_epoch}, lr=[{string.Join(", ", _lastLr.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}])";
}
