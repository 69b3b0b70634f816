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

    /// <summary>The innermost open scope on this thread, or null. Scopes closed out of order (an outer
    /// one first, or on another thread after an await) are skipped, never brought back.</summary>
    public static DisposeScope? Current
    {
        get
        {
            var s = _current;
            if (s is null || !s._disposed) return s;
            s = s.OpenOuter;
            _current = s;
            return s;
        }
    }

    /// <summary>Tensors this scope will free when it closes.</summary>
    public int Count => _owned.Count(t => t.Scope == this && !t.IsDisposed);

    /// <summary>The nearest enclosing scope that is still open.</summary>
    internal DisposeScope? OpenOuter
    {
        get
        {
            var s = _outer;
            while (s is { _disposed: true }) s = s._outer;
            return s;
        }
    }

    internal void Own(Tensor t)
    {
        if (_disposed)
            throw new ObjectDisposedException(nameof(DisposeScope), "this dispose scope is closed and can own no tensor; open a new one");
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
        // Scopes close in LIFO order; out of order, the innermost open one becomes current.
        if (_current == this) _current = OpenOuter;
    }
}
