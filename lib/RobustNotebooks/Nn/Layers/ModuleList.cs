using System.Collections;

namespace RobustNotebooks.Nn;

/// <summary>A list of child modules, registered as "0", "1", ...; it has no forward of its own.</summary>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> _items = new();

    public ModuleList(params T[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    public ModuleList(IEnumerable<T> modules)
    {
        foreach (var m in modules) Add(m);
    }

    public void Add(T module)
    {
        register_module(_items.Count.ToString(), module);
        _items.Add(module);
    }

    public ModuleList<T> append(T module)
    {
        Add(module);
        return this;
    }

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
