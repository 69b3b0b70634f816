using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>Parameters that share hyper-parameters (PyTorch's param_groups entries). Options not
/// given here take the optimizer's defaults when the group is added; schedulers change
/// <see cref="lr"/> (and record "initial_lr"). Booleans are stored as 0/1 so that every option
/// checkpoints as a number.</summary>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _options = new();

    public List<Tensor> Params { get; }

    public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, double? momentum = null, double? dampening = null,
        double? weight_decay = null, bool? nesterov = null, (double beta1, double beta2)? betas = null, double? eps = null,
        bool? amsgrad = null, bool? maximize = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Params = parameters.ToList();
        if (lr is { } l) _options["lr"] = l;
        if (momentum is { } m) _options["momentum"] = m;
        if (dampening is { } d) _options["dampening"] = d;
        if (weight_decay is { } w) _options["weight_decay"] = w;
        if (nesterov is { } n) _options["nesterov"] = n ? 1 : 0;
        if (betas is { } b) { _options["beta1"] = b.beta1; _options["beta2"] = b.beta2; }
        if (eps is { } e) _options["eps"] = e;
        if (amsgrad is { } a) _options["amsgrad"] = a ? 1 : 0;
        if (maximize is { } x) _options["maximize"] = x ? 1 : 0;
    }

    /// <summary>An option by name ("lr", "momentum", "beta1", "initial_lr", ...).</summary>
    public double this[string key]
    {
        get => _options.TryGetValue(key, out var v) ? v
            : throw new KeyNotFoundException($"this parameter group has no option '{key}' (it has: {string.Join(", ", _options.Keys)})");
        set => _options[key] = value;
    }

    public bool ContainsKey(string key) => _options.ContainsKey(key);

    public IReadOnlyDictionary<string, double> Options => _options;

    internal void SetDefault(string key, double value) => _options.TryAdd(key, value);

    public double lr { get => this["lr"]; set => this["lr"] = value; }
    public double momentum { get => this["momentum"]; set => this["momentum"] = value; }
    public double dampening { get => this["dampening"]; set => this["dampening"] = value; }
    public double weight_decay { get => this["weight_decay"]; set => this["weight_decay"] = value; }
    public bool nesterov { get => this["nesterov"] != 0; set => this["nesterov"] = value ? 1 : 0; }
    public (double beta1, double beta2) betas
    {
        get => (this["beta1"], this["beta2"]);
        set { this["beta1"] = value.beta1; this["beta2"] = value.beta2; }
    }
    public double eps { get => this["eps"]; set => this["eps"] = value; }
    public bool amsgrad { get => this["amsgrad"] != 0; set => this["amsgrad"] = value ? 1 : 0; }
    public bool maximize { get => this["maximize"] != 0; set => this["maximize"] = value ? 1 : 0; }
}
