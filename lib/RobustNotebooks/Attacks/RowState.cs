using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>The per-row tensors an iterative attack carries between iterations (dimension 0 = the rows
/// still attacked). They live outside the per-iteration dispose scopes: each assignment takes the new
/// tensor out of its scope and frees the one it replaces, and <see cref="Keep"/> narrows every entry to
/// the rows still standing.</summary>
internal sealed class RowState : IDisposable
{
    private readonly Dictionary<string, Tensor> entries = new();

    public Tensor this[string name]
    {
        get => entries[name];
        set
        {
            value.DetachFromDisposeScope();
            if (entries.TryGetValue(name, out var old) && !ReferenceEquals(old, value)) old.Dispose();
            entries[name] = value;
        }
    }

    /// <summary>The entry of that name, or null before it is first set.</summary>
    public Tensor? Find(string name) => entries.TryGetValue(name, out var t) ? t : null;

    /// <summary>Number of rows (0 when empty).</summary>
    public long Rows => entries.Count == 0 ? 0 : entries.Values.First().size(0);

    /// <summary>Keeps only the given rows (long indexes) of every entry.</summary>
    public void Keep(Tensor rows)
    {
        foreach (var name in entries.Keys.ToList()) this[name] = entries[name].index_select(0, rows);
    }

    public void Dispose()
    {
        foreach (var t in entries.Values) t.Dispose();
        entries.Clear();
    }
}
