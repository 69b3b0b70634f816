namespace RobustNotebooks.Torch;

/// <summary>Frees every tensor created while it is the innermost open scope on this thread,
/// except those moved out of it. Wrap a training step or an attack iteration in one:
/// <code>using (torch.NewDisposeScope()) { ...; result.MoveToOuterDisposeScope(); }</code></summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly DisposeScope? _outer;
    private readonly List<Tensor> _owned = new();
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => _current;

    /// <summary>Tensors this scope will free when it closes.</summary>
    public int Count => _owned.Count(t => t.Scope == this && !t.IsDisposed);

    internal DisposeScope? Outer => _outer;

    internal void Own(Tensor t)
    {
        t.Scope = this;
        _owned.Add(t);
    }

    /// <summary>Hands the tensors to the enclosing scope (or to no scope) so they survive this one.</summary>
    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) t.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _owned)
            if (t.Scope == this) t.Dispose();
        _owned.Clear();
        // Scopes close in LIFO order; an out-of-order close still restores this scope's outer.
        if (_current == this) _current = _outer;
    }
}
