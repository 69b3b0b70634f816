using System.Reflection;
using System.Text;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>The base of every layer and model, shaped like PyTorch's nn.Module: it owns named
/// parameters, buffers and child modules, walks them with dotted names ("features.0.weight"),
/// switches train/eval mode, moves itself between devices and dtypes, and checkpoints through
/// <see cref="state_dict"/> / <see cref="load_state_dict"/> (safetensors on disk).
/// Parameters and buffers are taken out of every dispose scope when registered: a model outlives
/// the scope it was built in and is freed by <see cref="Dispose()"/>.</summary>
public abstract class Module : IDisposable
{
    // Insertion-ordered registries; a null entry keeps its slot (PyTorch allows `bias=None`).
    private readonly List<string> _parameterOrder = new();
    private readonly Dictionary<string, Tensor?> _parameters = new();
    private readonly List<string> _bufferOrder = new();
    private readonly Dictionary<string, Tensor?> _buffers = new();
    private readonly HashSet<string> _nonPersistentBuffers = new();
    private readonly List<string> _moduleOrder = new();
    private readonly Dictionary<string, Module> _modules = new();
    private readonly HashSet<string> _borrowedModules = new();
    private bool _disposed;

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool training { get; private set; } = true;

    // ---- registration ----

    /// <summary>Registers (or replaces) a parameter. It becomes a leaf that requires grad, as
    /// nn.Parameter does for floating tensors; freeze it afterwards with requires_grad_(false).</summary>
    protected void register_parameter(string name, Tensor? p)
    {
        CheckName(name, _buffers, _modules);
        if (p is not null)
        {
            if (!p.is_leaf)
                throw new ArgumentException($"parameter '{name}' must be a leaf tensor (the result of an operation is not); register t.detach() instead", nameof(p));
            if (p.dtype.IsFloatingPoint() && !p.requires_grad) p.requires_grad_(true);
            p.DetachFromDisposeScope();
        }
        if (!_parameters.ContainsKey(name)) _parameterOrder.Add(name);
        _parameters[name] = p;
    }

    /// <summary>Registers (or replaces) a buffer: state that is not trained (running statistics).
    /// Non-persistent buffers are left out of <see cref="state_dict"/>.</summary>
    protected void register_buffer(string name, Tensor? b, bool persistent = true)
    {
        CheckName(name, _parameters, _modules);
        b?.DetachFromDisposeScope();
        if (!_buffers.ContainsKey(name)) _bufferOrder.Add(name);
        _buffers[name] = b;
        if (persistent) _nonPersistentBuffers.Remove(name);
        else _nonPersistentBuffers.Add(name);
    }

    /// <param name="owned">false for a wrapper's view of a model it does not own: the child is walked
    /// (parameters, mode, device, state_dict) like any other but is not freed by <see cref="Dispose()"/>.</param>
    protected void register_module(string name, Module m, bool owned = true)
    {
        ArgumentNullException.ThrowIfNull(m);
        CheckName(name, _parameters, _buffers);
        if (ReferenceEquals(m, this)) throw new ArgumentException($"a module cannot be its own child ('{name}')", nameof(m));
        if (!_modules.ContainsKey(name)) _moduleOrder.Add(name);
        _modules[name] = m;
        if (owned) _borrowedModules.Remove(name);
        else _borrowedModules.Add(name);
    }

    /// <summary>Registers a child built after the constructor's <see cref="RegisterComponents"/> (a
    /// helper that fills itself in, such as a model's optional stage blocks).</summary>
    internal void AdoptChild(string name, Module m) => register_module(name, m);

    private static void CheckName<T1, T2>(string name, Dictionary<string, T1> other1, Dictionary<string, T2> other2)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a registered name cannot be empty", nameof(name));
        if (name.Contains('.')) throw new ArgumentException($"a registered name cannot contain '.' (got '{name}'): dots separate levels in state_dict keys", nameof(name));
        if (other1.ContainsKey(name) || other2.ContainsKey(name))
            throw new ArgumentException($"'{name}' is already registered as another kind of member (parameter, buffer or module)", nameof(name));
    }

    /// <summary>Registers the subclass's fields (and auto-property backing fields) in declaration
    /// order, base class first: Module fields become children, Tensor fields that require grad
    /// parameters, other Tensor fields buffers. A leading underscore is dropped from the name.
    /// Call it at the end of the constructor; null fields are skipped.</summary>
    protected void RegisterComponents()
    {
        var chain = new List<Type>();
        for (var t = GetType(); t is not null && t != typeof(Module); t = t.BaseType) chain.Add(t);
        chain.Reverse();
        foreach (var type in chain)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var isModule = typeof(Module).IsAssignableFrom(field.FieldType);
                var isTensor = field.FieldType == typeof(Tensor);
                if (!isModule && !isTensor) continue;
                var name = FieldName(field.Name);
                if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name)) continue;
                switch (field.GetValue(this))
                {
                    case Module m: register_module(name, m); break;
                    case Tensor tensor when tensor.requires_grad: register_parameter(name, tensor); break;
                    case Tensor tensor: register_buffer(name, tensor); break;
                }
            }
        }
    }

    private static string FieldName(string field)
    {
        // Auto-properties are stored in "<name>k__BackingField".
        if (field.StartsWith('<'))
        {
            var end = field.IndexOf('>');
            if (end > 1) field = field[1..end];
        }
        return field.Length > 1 && field[0] == '_' ? field[1..] : field;
    }

    /// <summary>The parameter registered under this name on this module (not a child's), or null.</summary>
    protected Tensor? get_parameter(string name) => _parameters.TryGetValue(name, out var p) ? p : null;

    protected Tensor? get_buffer(string name) => _buffers.TryGetValue(name, out var b) ? b : null;

    protected Module? get_module(string name) => _modules.TryGetValue(name, out var m) ? m : null;

    // ---- traversal ----

    public IEnumerable<(string name, Tensor parameter)> named_parameters(bool recurse = true) =>
        Members(recurse, m => m._parameterOrder.Select(n => (n, m._parameters[n])));

    public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true) =>
        Members(recurse, m => m._bufferOrder.Select(n => (n, m._buffers[n])));

    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

    // A tensor shared between modules is reported once, under its first name, as in PyTorch.
    private IEnumerable<(string, Tensor)> Members(bool recurse, Func<Module, IEnumerable<(string, Tensor?)>> members)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var modules = recurse ? named_modules() : [("", this)];
        foreach (var (prefix, module) in modules)
            foreach (var (name, t) in members(module))
                if (t is not null && seen.Add(t))
                    yield return (prefix.Length == 0 ? name : prefix + "." + name, t);
    }

    public IEnumerable<(string name, Module module)> named_children()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var n in _moduleOrder)
            if (seen.Add(_modules[n])) yield return (n, _modules[n]);
    }

    public IEnumerable<Module> children() => named_children().Select(c => c.module);

    /// <summary>This module (named "") and every descendant, depth first, each once.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModules(this, "", seen);
    }

    private static IEnumerable<(string, Module)> NamedModules(Module m, string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(m)) yield break;
        yield return (prefix, m);
        foreach (var n in m._moduleOrder)
            foreach (var item in NamedModules(m._modules[n], prefix.Length == 0 ? n : prefix + "." + n, seen))
                yield return item;
    }

    public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

    // ---- mode, placement, gradients ----

    /// <summary>Sets training mode here and in every descendant. The chaining form that keeps
    /// the caller's type is the extension <c>train()</c> in <see cref="ModuleExtensions"/>.</summary>
    internal void SetTraining(bool on)
    {
        foreach (var m in modules()) m.training = on;
    }

    /// <summary>Replaces every parameter's and buffer's data (and gradient) in place, so that
    /// optimizers holding the parameters stay valid. <paramref name="convert"/> returns null to
    /// leave a tensor as it is.</summary>
    internal void ApplyInPlace(Func<Tensor, Tensor?> convert)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        foreach (var t in parameters().Concat(buffers()))
        {
            var data = convert(t);
            if (data is null) continue;
            var grad = t.grad;
            if (grad is not null) t.grad = null;
            t.set_data(data);
            if (grad is not null)
            {
                var moved = convert(grad);
                t.grad = moved ?? grad;
            }
        }
    }

    /// <summary>Clears (set_to_none) or zeroes the gradients of every parameter.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (var p in parameters())
        {
            if (set_to_none) { p.grad = null; continue; }
            using var g = p.grad;
            g?.zero_();
        }
    }

    // ---- checkpoints ----

    /// <summary>Parameters and persistent buffers by dotted name, in registration order. The values
    /// are detached aliases of the live tensors (they share storage): dispose them when done.</summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, t) in StateEntries()) result[name] = t.detach();
        return result;
    }

    private IEnumerable<(string name, Tensor tensor)> StateEntries()
    {
        foreach (var (prefix, module) in named_modules())
        {
            string Full(string n) => prefix.Length == 0 ? n : prefix + "." + n;
            foreach (var n in module._parameterOrder)
                if (module._parameters[n] is { } p) yield return (Full(n), p);
            foreach (var n in module._bufferOrder)
                if (module._buffers[n] is { } b && !module._nonPersistentBuffers.Contains(n)) yield return (Full(n), b);
        }
    }

    /// <summary>Copies the values in (converting dtype and device as needed). Shape mismatches
    /// always fail; missing and unexpected keys fail when <paramref name="strict"/>, and are
    /// reported in the result otherwise. Nothing is copied when it fails.</summary>
    public LoadStateDictResult load_state_dict(IReadOnlyDictionary<string, Tensor> dict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(dict);
        var own = StateEntries().ToList();
        var ownNames = own.Select(e => e.name).ToHashSet();
        var missing = own.Where(e => !dict.ContainsKey(e.name)).Select(e => e.name).ToList();
        var unexpected = dict.Keys.Where(k => !ownNames.Contains(k)).ToList();
        var mismatches = new List<string>();
        foreach (var (name, t) in own)
        {
            if (!dict.TryGetValue(name, out var v)) continue;
            var expected = t.shape;
            var got = v.shape;
            if (!expected.SequenceEqual(got))
                mismatches.Add($"size mismatch for {name}: copying a param with shape {Shape(got)} from checkpoint, the shape in the current model is {Shape(expected)}");
        }
        var problems = new List<string>();
        if (strict && missing.Count > 0) problems.Add("Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ".");
        if (strict && unexpected.Count > 0) problems.Add("Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ".");
        problems.AddRange(mismatches);
        if (problems.Count > 0)
            throw new StateDictException($"Error(s) in loading state_dict for {TypeName(GetType())}:\n\t" + string.Join("\n\t", problems), missing, unexpected);

        using (torch.no_grad())
            foreach (var (name, t) in own)
                if (dict.TryGetValue(name, out var v)) t.copy_(v);
        return new LoadStateDictResult(missing, unexpected);
    }

    private static string Shape(long[] s) => "[" + string.Join(", ", s) + "]";

    /// <summary>Writes <see cref="state_dict"/> to a safetensors file (loadable by PyTorch).</summary>
    public void save(string path)
    {
        var dict = state_dict();
        try { Safetensors.Save(path, dict, new Dictionary<string, string> { ["format"] = "pt" }); }
        finally { foreach (var t in dict.Values) t.Dispose(); }
    }

    /// <summary>Loads a safetensors file written by <see cref="save"/> or by PyTorch into this module.</summary>
    public LoadStateDictResult load(string path, bool strict = true)
    {
        var (tensors, _) = Safetensors.Load(path);
        try { return load_state_dict(tensors, strict); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    // ---- display ----

    /// <summary>The layer's settings shown inside the parentheses of <see cref="ToString"/>.</summary>
    public virtual string extra_repr() => "";

    /// <summary>The module tree, as PyTorch prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(TypeName(GetType())).Append('(');
        var extra = extra_repr();
        var childNames = _moduleOrder;
        if (childNames.Count == 0) return sb.Append(extra).Append(')').ToString();
        sb.Append('\n');
        if (extra.Length > 0) sb.Append("  ").Append(extra.Replace("\n", "\n  ")).Append('\n');
        foreach (var n in childNames)
            sb.Append("  (").Append(n).Append("): ").Append(_modules[n].ToString().Replace("\n", "\n  ")).Append('\n');
        return sb.Append(')').ToString();
    }

    private static string TypeName(Type t)
    {
        var name = t.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    // ---- lifetime ----

    /// <summary>Frees every parameter and buffer of this module and its descendants.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        foreach (var p in _parameters.Values) p?.Dispose();
        foreach (var b in _buffers.Values) b?.Dispose();
        foreach (var (name, m) in _modules)
            if (!_borrowedModules.Contains(name)) m.Dispose();
    }
}

/// <summary>A module with a typed forward pass; call it with <see cref="call"/>.</summary>
public abstract class Module<TInput, TOutput> : Module
{
    private readonly List<Action<Module<TInput, TOutput>, TInput, TOutput>> forwardHooks = [];

    public abstract TOutput forward(TInput input);

    /// <summary>The forward pass, then every forward hook with its input and output, as PyTorch's
    /// <c>module(x)</c>.</summary>
    public TOutput call(TInput input)
    {
        var output = forward(input);
        if (forwardHooks.Count > 0)
            foreach (var hook in forwardHooks.ToArray()) hook(this, input, output);
        return output;
    }

    /// <summary>PyTorch's <c>register_forward_hook</c>: <paramref name="hook"/> sees (module, input, output)
    /// after every <see cref="call"/>, to look at what flows through a module deep inside a model (a
    /// denoising block's input and output, say). The tensors belong to the caller, which may free them as
    /// soon as the call returns: a hook that keeps one keeps a <c>clone()</c>. Disposing the handle removes
    /// the hook.</summary>
    public IDisposable register_forward_hook(Action<Module<TInput, TOutput>, TInput, TOutput> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        forwardHooks.Add(hook);
        return new HookHandle(() => forwardHooks.Remove(hook));
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? remove = remove;

        public void Dispose()
        {
            remove?.Invoke();
            remove = null;
        }
    }
}
