using System.Collections;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Runs its children in order, each on the previous one's output. Children are named
/// "0", "1", ... unless given names. Intermediate outputs are disposed as soon as the next
/// layer has consumed them, so a forward pass leaves only its result behind.</summary>
public sealed class Sequential : Module<Tensor, Tensor>, IReadOnlyList<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> _layers = new();

    public Sequential()
    {
    }

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules) append(m);
    }

    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules)
    {
        foreach (var (name, m) in modules)
        {
            register_module(name, m);
            _layers.Add(m);
        }
    }

    /// <summary>Adds a layer at the end, named by its position.</summary>
    public Sequential append(Module<Tensor, Tensor> module)
    {
        register_module(_layers.Count.ToString(), module);
        _layers.Add(module);
        return this;
    }

    public void Add(Module<Tensor, Tensor> module) => append(module);

    public int Count => _layers.Count;

    public Module<Tensor, Tensor> this[int index] => _layers[index];

    public override Tensor forward(Tensor input)
    {
        if (_layers.Count == 0) return input.alias();
        var x = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            var y = _layers[i].call(x);
            // Only intermediates are ours to free; a layer that returns its input must not free it.
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }

    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
