using System.Globalization;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>The base of the optimizers: parameter groups with their own hyper-parameters,
/// per-parameter state, gradient clearing and checkpointing. Each step runs under no_grad inside
/// a dispose scope, so its temporaries are freed before it returns; dispose the optimizer to free
/// its state buffers.</summary>
public abstract class Optimizer : IDisposable
{
    private readonly Dictionary<string, double> _defaults;
    private readonly Dictionary<Tensor, ParamState> _state = new(ReferenceEqualityComparer.Instance);

    public List<ParamGroup> param_groups { get; } = new();

    /// <summary>Per-parameter state, created on a parameter's first step.</summary>
    public IReadOnlyDictionary<Tensor, ParamState> state => _state;

    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        _defaults = new Dictionary<string, double>(defaults);
        foreach (var g in groups) add_param_group(g);
        if (param_groups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
    }

    /// <summary>Adds a group; options it lacks take this optimizer's defaults.</summary>
    public void add_param_group(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var (k, v) in _defaults) group.SetDefault(k, v);
        Validate(group);
        var existing = new HashSet<Tensor>(param_groups.SelectMany(g => g.Params), ReferenceEqualityComparer.Instance);
        foreach (var p in group.Params)
        {
            if (!p.is_leaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
            if (!existing.Add(p)) throw new ArgumentException("some parameters appear in more than one parameter group");
        }
        param_groups.Add(group);
    }

    /// <summary>Checks a group's options (PyTorch's "Invalid learning rate" and so on).</summary>
    protected abstract void Validate(ParamGroup group);

    public abstract void step();

    /// <summary>Clears (set_to_none) or zeroes every parameter's gradient.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (var p in param_groups.SelectMany(g => g.Params))
        {
            if (set_to_none) { p.grad = null; continue; }
            using var g = p.grad;
            g?.zero_();
        }
    }

    /// <summary>Runs <paramref name="update"/> for every parameter that has a gradient, group by
    /// group, under no_grad and in a dispose scope that frees the gradient handles and temporaries.</summary>
    protected void ForEachParameterWithGrad(Action<ParamGroup, Tensor, Tensor, ParamState> update)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var group in param_groups)
            foreach (var p in group.Params)
            {
                var grad = p.grad;
                if (grad is null) continue;
                if (!_state.TryGetValue(p, out var s)) _state[p] = s = new ParamState();
                update(group, p, grad, s);
            }
    }

    /// <summary>Hyper-parameters ("group.i.key", "group.i.param_count") and state ("state.k.name")
    /// with parameters numbered across groups. State tensors are detached aliases of the live buffers.</summary>
    public OptimizerState state_dict()
    {
        var result = new OptimizerState();
        var index = 0;
        for (var gi = 0; gi < param_groups.Count; gi++)
        {
            var group = param_groups[gi];
            foreach (var (k, v) in group.Options) result.Scalars[$"group.{gi}.{k}"] = v;
            result.Scalars[$"group.{gi}.param_count"] = group.Params.Count;
            foreach (var p in group.Params)
            {
                if (_state.TryGetValue(p, out var s))
                {
                    foreach (var (name, t) in s.Tensors) result.Tensors[$"state.{index}.{name}"] = t.detach();
                    foreach (var (name, v) in s.Scalars) result.Scalars[$"state.{index}.{name}"] = v;
                }
                index++;
            }
        }
        return result;
    }

    /// <summary>Restores hyper-parameters and state saved by <see cref="state_dict"/> from an optimizer
    /// over the same parameters in the same order. State tensors are copied (to each parameter's dtype
    /// and device), so the given state can be disposed afterwards. Everything is checked before anything changes.</summary>
    public void load_state_dict(OptimizerState saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var parameters = param_groups.SelectMany(g => g.Params).ToList();
        var groupOptions = new List<Dictionary<string, double>>();
        for (var gi = 0; gi < param_groups.Count; gi++)
        {
            var prefix = $"group.{gi}.";
            if (!saved.Scalars.TryGetValue(prefix + "param_count", out var count))
                throw new ArgumentException($"optimizer state has no '{prefix}param_count': it was saved from an optimizer with fewer than {param_groups.Count} parameter groups");
            if ((int)count != param_groups[gi].Params.Count)
                throw new ArgumentException($"loaded state dict contains a parameter group {gi} with {(int)count} parameters that doesn't match the size of optimizer's group ({param_groups[gi].Params.Count})");
            groupOptions.Add(saved.Scalars.Where(e => e.Key.StartsWith(prefix) && e.Key != prefix + "param_count")
                .ToDictionary(e => e.Key[prefix.Length..], e => e.Value));
        }
        if (saved.Scalars.ContainsKey($"group.{param_groups.Count}.param_count"))
            throw new ArgumentException($"loaded state dict has more parameter groups than this optimizer's {param_groups.Count}");

        var tensors = new Dictionary<int, List<(string name, Tensor t)>>();
        var scalars = new Dictionary<int, List<(string name, double v)>>();
        foreach (var (key, t) in saved.Tensors)
        {
            var (index, name) = ParseStateKey(key, parameters.Count);
            var expected = parameters[index].shape;
            if (!expected.SequenceEqual(t.shape))
                throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", t.shape)}] but parameter {index} has shape [{string.Join(", ", expected)}]");
            if (!tensors.TryGetValue(index, out var list)) tensors[index] = list = new();
            list.Add((name, t));
        }
        foreach (var (key, v) in saved.Scalars.Where(e => e.Key.StartsWith("state.")))
        {
            var (index, name) = ParseStateKey(key, parameters.Count);
            if (!scalars.TryGetValue(index, out var list)) scalars[index] = list = new();
            list.Add((name, v));
        }

        foreach (var s in _state.Values) s.Clear();
        _state.Clear();
        for (var gi = 0; gi < param_groups.Count; gi++)
            foreach (var (k, v) in groupOptions[gi]) param_groups[gi][k] = v;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!tensors.ContainsKey(i) && !scalars.ContainsKey(i)) continue;
            var p = parameters[i];
            var s = _state[p] = new ParamState();
            foreach (var (name, t) in tensors.GetValueOrDefault(i) ?? [])
                s.Set(name, t.dtype.IsFloatingPoint() ? t.to(p.dtype, p.device, copy: true) : t.to(p.device, copy: true));
            foreach (var (name, v) in scalars.GetValueOrDefault(i) ?? []) s.Scalars[name] = v;
        }
    }

    private static (int index, string name) ParseStateKey(string key, int parameterCount)
    {
        var parts = key.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new ArgumentException($"'{key}' is not an optimizer state key (expected state.<index>.<name>)");
        if (index >= parameterCount)
            throw new ArgumentException($"optimizer state '{key}' refers to parameter {index} but this optimizer has {parameterCount} parameters");
        return (index, parts[2]);
    }

    public void Dispose()
    {
        foreach (var s in _state.Values) s.Clear();
        _state.Clear();
        GC.SuppressFinalize(this);
    }
}
