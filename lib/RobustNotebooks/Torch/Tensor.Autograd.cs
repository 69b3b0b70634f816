namespace RobustNotebooks.Torch;

// Autograd on a tensor: leaf flags, the accumulated gradient and backward.
public sealed partial class Tensor
{
    public bool requires_grad
    {
        get => Native.Value(Native.rn_requires_grad(Handle)) != 0;
        set => Native.Check(Native.rn_set_requires_grad(Ref, value ? 1 : 0));
    }

    public Tensor requires_grad_(bool on = true)
    {
        requires_grad = on;
        return this;
    }

    public bool is_leaf => Native.Value(Native.rn_is_leaf(Handle)) != 0;

    /// <summary>The accumulated gradient, or null before any backward reaches this tensor.
    /// Each read returns a new handle (owned by the current dispose scope, if any).</summary>
    public Tensor? grad
    {
        get
        {
            Native.Check(Native.rn_grad(Ref, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => Native.Check(Native.rn_set_grad(Ref, value?.Ref ?? default));
    }

    /// <summary>Computes gradients of this tensor (a scalar, or weighted by <paramref name="gradient"/>)
    /// into the .grad of every leaf that requires grad.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        Native.Check(Native.rn_backward(Ref, gradient?.Ref ?? default, retain_graph ? 1 : 0, create_graph ? 1 : 0));

    /// <summary>Replaces this tensor's data in place, keeping its identity and requires_grad
    /// (PyTorch's <c>param.data = other</c>); how a module moves its parameters to a device.</summary>
    public void set_data(Tensor data) => Native.Check(Native.rn_set_data(Ref, data.Ref));

    /// <summary>A tensor sharing storage with this one, cut from the autograd graph.</summary>
    public Tensor detach() => new(Native.rn_detach(Ref));
}
