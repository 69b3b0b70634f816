using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

/// <summary>The PyTorch-shaped entry point: <c>using static RobustNotebooks.Torch.torch;</c> then
/// <c>randn(2, 3)</c>, <c>no_grad()</c>, <c>nn.functional.relu(x)</c>, as a student reads them in PyTorch.</summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The libtorch version the shim was built against, e.g. "1.13.1".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(Native.rn_torch_version())!;

    public static int shim_version => Native.rn_shim_version();

    public static void manual_seed(long seed) => Native.Check(Native.rn_manual_seed(seed));

    /// <summary>The CPU generator's state (a uint8 tensor the caller owns).</summary>
    public static Tensor get_rng_state() => new(Native.rn_get_rng_state(-1));

    public static void set_rng_state(Tensor state) => Native.Check(Native.rn_set_rng_state(-1, state.Ref));

    public static void set_num_threads(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "the thread count must be at least 1");
        Native.Check(Native.rn_set_num_threads(n));
    }

    public static int get_num_threads() => Native.Value(Native.rn_get_num_threads());

    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Disables gradient recording until disposed: <c>using (no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    public static IDisposable enable_grad() => new GradModeGuard(true);

    public static IDisposable set_grad_enabled(bool enabled) => new GradModeGuard(enabled);

    public static bool is_grad_enabled() => Native.Value(Native.rn_grad_enabled()) != 0;

    public static class cuda
    {
        public static bool is_available() => Native.rn_cuda_is_available() != 0;

        public static int device_count() => Native.rn_cuda_device_count();

        /// <summary>Waits for every queued kernel on the device (for timing).</summary>
        public static void synchronize(int device = -1) => Native.Check(Native.rn_cuda_synchronize(device));

        /// <summary>The state of one GPU's default generator (a uint8 CPU tensor the caller owns).</summary>
        public static Tensor get_rng_state(int device = 0) => new(Native.rn_get_rng_state(device));

        public static void set_rng_state(Tensor state, int device = 0) => Native.Check(Native.rn_set_rng_state(device, state.Ref));
    }

    // ---- factories ----

    private static unsafe Tensor Make(long[] shape, ScalarType? dtype, Device? device, bool requiresGrad,
        delegate*<long*, int, int, int, IntPtr> factory)
    {
        Tensor t;
        fixed (long* p = shape) t = new Tensor(factory(p, shape.Length, (int)(dtype ?? ScalarType.Float32), (device ?? Device.CPU).Code));
        return requiresGrad ? t.requires_grad_() : t;
    }

    public static unsafe Tensor zeros(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(shape, dtype, device, requires_grad, &Native.rn_zeros);
    public static Tensor zeros(params long[] shape) => zeros(shape, null);
    public static unsafe Tensor ones(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(shape, dtype, device, requires_grad, &Native.rn_ones);
    public static Tensor ones(params long[] shape) => ones(shape, null);
    public static unsafe Tensor empty(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(shape, dtype, device, requires_grad, &Native.rn_empty);
    public static Tensor empty(params long[] shape) => empty(shape, null);
    /// <summary>Uniform samples in [0, 1).</summary>
    public static unsafe Tensor rand(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(shape, dtype, device, requires_grad, &Native.rn_rand);
    public static Tensor rand(params long[] shape) => rand(shape, null);
    /// <summary>Standard normal samples.</summary>
    public static unsafe Tensor randn(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(shape, dtype, device, requires_grad, &Native.rn_randn);
    public static Tensor randn(params long[] shape) => randn(shape, null);

    public static unsafe Tensor full(long[] shape, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        Tensor t;
        fixed (long* p = shape) t = new Tensor(Native.rn_full(p, shape.Length, value, (int)(dtype ?? ScalarType.Float32), (device ?? Device.CPU).Code));
        return requires_grad ? t.requires_grad_() : t;
    }

    /// <summary>Integers uniform in [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, ScalarType? dtype = null, Device? device = null)
    {
        fixed (long* p = shape) return new Tensor(Native.rn_randint(low, high, p, shape.Length, (int)(dtype ?? ScalarType.Int64), (device ?? Device.CPU).Code));
    }

    public static Tensor randint(long high, long[] shape, ScalarType? dtype = null, Device? device = null) => randint(0, high, shape, dtype, device);

    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null) =>
        new(Native.rn_randperm(n, (int)(dtype ?? ScalarType.Int64), (device ?? Device.CPU).Code));

    /// <summary>start, start+step, ... below end; integer arguments give an int64 tensor, as in PyTorch.</summary>
    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType? dtype = null, Device? device = null)
    {
        var type = dtype ?? (!start.IsFloatingPoint && !end.IsFloatingPoint && step is not { IsFloatingPoint: true } ? ScalarType.Int64 : ScalarType.Float32);
        return new(Native.rn_arange(start, end, step ?? 1, (int)type, (device ?? Device.CPU).Code));
    }

    public static Tensor arange(long end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null) =>
        new(Native.rn_linspace(start, end, steps, (int)(dtype ?? ScalarType.Float32), (device ?? Device.CPU).Code));

    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null) =>
        new(Native.rn_eye(n, m ?? n, (int)(dtype ?? ScalarType.Float32), (device ?? Device.CPU).Code));

    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null) => zeros(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null) => ones(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null) => empty(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor full_like(Tensor t, Scalar value, ScalarType? dtype = null) => full(t.shape, value, dtype ?? t.dtype, t.device);
    public static Tensor rand_like(Tensor t, ScalarType? dtype = null) => rand(t.shape, dtype ?? t.dtype, t.device);
    public static Tensor randn_like(Tensor t, ScalarType? dtype = null) => randn(t.shape, dtype ?? t.dtype, t.device);

    /// <summary>A tensor holding a copy of the data, in the given shape (1-D when omitted).</summary>
    public static unsafe Tensor from_span<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        long count = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentException($"tensor: negative size {s} in shape [{string.Join(", ", shape.ToArray())}]", nameof(shape));
            count *= s;
        }
        if (count != data.Length)
            throw new ArgumentException($"tensor: shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but the data has {data.Length}", nameof(shape));
        Tensor t;
        fixed (T* d = data)
        fixed (long* s = shape)
            t = new Tensor(Native.rn_from_data(d, s, shape.Length, (int)ScalarTypeExtensions.Of<T>(), (device ?? Device.CPU).Code));
        return requires_grad ? t.requires_grad_() : t;
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        from_span<T>(data.AsSpan(), shape ?? [data.Length], device, requires_grad);

    public static unsafe Tensor tensor<T>(T[,] data, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var span = MemoryMarshal.CreateReadOnlySpan(ref data[0, 0], data.Length);
        return from_span(span, [data.GetLength(0), data.GetLength(1)], device, requires_grad);
    }

    /// <summary>A zero-dimensional tensor.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        full([], value, dtype, device);

    // ---- functions that mirror tensor methods ----

    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, &Native.rn_cat);
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, &Native.rn_stack);

    private static unsafe Tensor Join(IReadOnlyList<Tensor> tensors, long dim, delegate*<IntPtr*, int, long, IntPtr> op)
    {
        var handles = tensors.Select(t => t.Handle).ToArray();
        IntPtr result;
        fixed (IntPtr* h = handles) result = op(h, handles.Length, dim);
        // The raw handles keep nothing alive: the tensors must outlive the call.
        GC.KeepAlive(tensors);
        return new Tensor(result);
    }

    public static Tensor where(Tensor condition, Tensor a, Tensor b) => new(Native.rn_where(condition.Ref, a.Ref, b.Ref));
    public static Tensor clamp(Tensor x, Scalar? min = null, Scalar? max = null) => x.clamp(min, max);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor addmm(Tensor input, Tensor a, Tensor b, Scalar? beta = null, Scalar? alpha = null) => input.addmm(a, b, beta, alpha);
    public static Tensor sign(Tensor x) => x.sign();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor pow(Tensor x, Scalar exponent) => x.pow(exponent);
    public static Tensor sum(Tensor x) => x.sum();
    public static Tensor mean(Tensor x) => x.mean();
    public static Tensor argmax(Tensor x, long dim, bool keepdim = false) => x.argmax(dim, keepdim);
    public static Tensor logsumexp(Tensor x, long dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
    public static Tensor flatten(Tensor x, long startDim = 0, long endDim = -1) => x.flatten(startDim, endDim);
    public static Tensor[] chunk(Tensor x, long chunks, long dim = 0) => x.chunk(chunks, dim);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);
}

internal sealed class GradModeGuard : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    public GradModeGuard(bool enabled)
    {
        _previous = Native.Value(Native.rn_grad_enabled()) != 0;
        Native.Check(Native.rn_set_grad_enabled(enabled ? 1 : 0));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Native.Check(Native.rn_set_grad_enabled(_previous ? 1 : 0));
    }
}
