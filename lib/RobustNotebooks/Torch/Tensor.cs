using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

/// <summary>A handle to a libtorch tensor. Freed deterministically by Dispose, by the dispose scope
/// it was created in, or (as a safety net only) by the finalizer.</summary>
public sealed partial class Tensor : IDisposable
{
    private static long _liveCount;
    private static long _finalizedCount;
    private IntPtr _handle;

    /// <summary>Tensors created and not yet freed, process-wide: tests and leak hunts compare it
    /// against a baseline.</summary>
    public static long LiveCount => Interlocked.Read(ref _liveCount);

    /// <summary>Tensors freed by the garbage collector because nobody disposed them, process-wide. A
    /// leak check that reads <see cref="LiveCount"/> only passes when a collection happened to
    /// finalize the leak; strict checks also require this count not to move.</summary>
    public static long FinalizedCount => Interlocked.Read(ref _finalizedCount);

    internal DisposeScope? Scope { get; set; }

    internal Tensor(IntPtr handle)
    {
        _handle = Native.Check(handle);
        Interlocked.Increment(ref _liveCount);
        DisposeScope.Current?.Own(this);
    }

    internal IntPtr Handle
    {
        get
        {
            var h = _handle;
            if (h == IntPtr.Zero) ThrowDisposed();
            return h;
        }
    }

    /// <summary>The handle for a native call that may run while the garbage collector does: the
    /// marshaller keeps this tensor reachable until the call returns, so its finalizer cannot free
    /// the handle under libtorch (an unscoped <c>x.exp().sum()</c> holds the intermediate by nothing
    /// else). Calls marked SuppressGCTransition take <see cref="Handle"/>: no collection can happen
    /// during them.</summary>
    internal HandleRef Ref => new(this, Handle);

    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(Tensor), "This tensor was disposed (explicitly or by the dispose scope it was created in); " +
            "call MoveToOuterDisposeScope() or DetachFromDisposeScope() to keep a tensor beyond its scope.");

    public bool IsDisposed => _handle == IntPtr.Zero;

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~Tensor()
    {
        if (Free()) Interlocked.Increment(ref _finalizedCount);
    }

    private bool Free()
    {
        var h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h == IntPtr.Zero) return false;
        Native.rn_free(h);
        Interlocked.Decrement(ref _liveCount);
        return true;
    }

    /// <summary>Keeps this tensor alive past the current scope: the enclosing scope (if any) owns it now.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var outer = Scope?.OpenOuter;
        if (outer is null) Scope = null;
        else outer.Own(this);
        return this;
    }

    /// <summary>Takes this tensor out of every scope; the caller disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }

    // ---- metadata ----

    public long dim() => Native.Value(Native.rn_dim(Handle));

    public long numel() => Native.Value(Native.rn_numel(Handle));

    public unsafe long[] shape
    {
        get
        {
            var h = Handle;
            var n = Native.Value(Native.rn_dim(h));
            var sizes = new long[n];
            fixed (long* p = sizes) Native.Value(Native.rn_sizes(h, p, n));
            // The allocation above can collect; this tensor must outlive both reads of h.
            GC.KeepAlive(this);
            return sizes;
        }
    }

    /// <summary>How many elements apart neighbours along each dimension lie in memory.</summary>
    public unsafe long[] stride()
    {
        var strides = new long[dim()];
        fixed (long* p = strides) Native.Value(Native.rn_strides(Ref, p, strides.Length));
        return strides;
    }

    /// <summary>The size of one dimension (negative counts from the end).</summary>
    public long size(long dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new TorchException($"Dimension out of range (expected to be in range of [{-s.Length}, {s.Length - 1}], but got {dim})");
        return s[d];
    }

    public ScalarType dtype => (ScalarType)Native.Value(Native.rn_dtype(Handle));

    public Device device => Device.FromCode(DeviceCode);

    // -1 for the CPU, N for cuda:N.
    private int DeviceCode
    {
        get
        {
            var code = Native.rn_device(Handle);
            if (code < -1) Native.ThrowLastError();
            return code;
        }
    }

    public bool is_cuda => device.Type == DeviceType.CUDA;

    // ---- conversion and host data ----

    public Tensor to(ScalarType type, bool copy = false) => new(Native.rn_to(Ref, (int)type, DeviceCode, copy ? 1 : 0));

    public Tensor to(Device device, bool copy = false) => new(Native.rn_to(Ref, (int)dtype, device.Code, copy ? 1 : 0));

    public Tensor to(ScalarType type, Device device, bool copy = false) => new(Native.rn_to(Ref, (int)type, device.Code, copy ? 1 : 0));

    public Tensor cpu() => to(Device.CPU);

    public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));

    public Tensor @float() => to(ScalarType.Float32);

    public Tensor @double() => to(ScalarType.Float64);

    public Tensor @long() => to(ScalarType.Int64);

    /// <summary>A new handle to the same tensor (shares storage and autograd history).</summary>
    public Tensor alias() => new(Native.rn_alias(Ref));

    public Tensor clone() => new(Native.rn_clone(Ref));

    public Tensor contiguous() => new(Native.rn_contiguous(Ref));

    /// <summary>This tensor laid out in <paramref name="format"/> (itself, as a new handle, when it already is).</summary>
    public Tensor contiguous(MemoryFormat format) => new(Native.rn_contiguous_format(Ref, (int)format));

    /// <summary>Whether the elements lie densely in <paramref name="format"/>'s order.</summary>
    public bool is_contiguous(MemoryFormat format = MemoryFormat.Contiguous) => Native.Value(Native.rn_is_contiguous_format(Ref, (int)format)) != 0;

    /// <summary>Copies the elements (row-major) into a new array; T must match the dtype.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var expected = ScalarTypeExtensions.Of<T>();
        if (expected != dtype)
            throw new TorchException($"data<{typeof(T).Name}>() needs a {expected.Name()} tensor, this one is {dtype.Name()}; convert with .to(ScalarType.{expected}) first");
        var result = new T[numel()];
        fixed (T* p = result) Native.Check(Native.rn_copy_to_host(Ref, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool) || typeof(T) == typeof(byte))
        {
            Native.Check(Native.rn_item_long(Ref, out var l));
            return typeof(T) == typeof(bool) ? (T)(object)(l != 0) : (T)Convert.ChangeType(l, typeof(T));
        }
        Native.Check(Native.rn_item_double(Ref, out var d));
        return (T)Convert.ChangeType(d, typeof(T));
    }

    public double ToDouble() => item<double>();

    public float ToSingle() => item<float>();

    public long ToInt64() => item<long>();

    // ---- in-place fills ----

    public Tensor copy_(Tensor source) { Native.Check(Native.rn_copy_(Ref, source.Ref)); return this; }

    public Tensor fill_(Scalar value) { Native.Check(Native.rn_fill_(Ref, value)); return this; }

    public Tensor zero_() { Native.Check(Native.rn_zero_(Ref)); return this; }

    public Tensor uniform_(double from = 0, double to = 1) { Native.Check(Native.rn_uniform_(Ref, from, to)); return this; }

    public Tensor normal_(double mean = 0, double std = 1) { Native.Check(Native.rn_normal_(Ref, mean, std)); return this; }

    public Tensor bernoulli_(double p) { Native.Check(Native.rn_bernoulli_(Ref, p)); return this; }

    /// <summary>libtorch's own printing of the tensor (values and type).</summary>
    public string ToNativeString()
    {
        var p = Native.Check(Native.rn_to_string(Ref));
        try { return Marshal.PtrToStringUTF8(p)!; }
        finally { Native.rn_free_string(p); }
    }
}
