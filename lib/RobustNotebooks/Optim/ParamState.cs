using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>An optimizer's per-parameter state: buffers shaped like the parameter (momentum,
/// moment estimates) and scalars (the step count). The optimizer owns the tensors.</summary>
public sealed class ParamState
{
    public Dictionary<string, Tensor> Tensors { get; } = new();
    public Dictionary<string, double> Scalars { get; } = new();

    /// <summary>Stores a buffer, taking it out of any dispose scope (it lives as long as the optimizer).</summary>
    public Tensor Set(string name, Tensor t)
    {
        if (Tensors.TryGetValue(name, out var old) && !ReferenceEquals(old, t)) old.Dispose();
        Tensors[name] = t.DetachFromDisposeScope();
        return t;
    }

    internal void Clear()
    {
        foreach (var t in Tensors.Values) t.Dispose();
        Tensors.Clear();
        Scalars.Clear();
    }
}
