using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

/// <summary>The exports of the C++ shim (lib/native). Every call that can fail returns a null
/// handle or a non-zero status; <see cref="Check(IntPtr)"/> turns that into a TorchException
/// carrying libtorch's own message.</summary>
internal static unsafe partial class Native
{
    internal const string Lib = "robustnb_native";

    internal static IntPtr Check(IntPtr handle)
    {
        if (handle == IntPtr.Zero) ThrowLastError();
        return handle;
    }

    internal static void Check(int status)
    {
        if (status != 0) ThrowLastError();
    }

    /// <summary>An accessor's result (a count, size or code), which is negative only on failure.</summary>
    internal static long Value(long value)
    {
        if (value < 0) ThrowLastError();
        return value;
    }

    internal static int Value(int value)
    {
        if (value < 0) ThrowLastError();
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowLastError()
    {
        var message = rn_last_error();
        throw new TorchException(message == IntPtr.Zero
            ? "a libtorch call failed without a message"
            : Marshal.PtrToStringUTF8(message)!);
    }

    // errors and runtime
    [DllImport(Lib)] internal static extern IntPtr rn_op_names(int kind);
    [DllImport(Lib)] internal static extern IntPtr rn_last_error();
    [DllImport(Lib)] internal static extern int rn_shim_version();
    [DllImport(Lib)] internal static extern IntPtr rn_torch_version();
    [DllImport(Lib)] internal static extern int rn_load_cuda();
    [DllImport(Lib)] internal static extern int rn_cuda_is_available();
    [DllImport(Lib)] internal static extern int rn_cuda_device_count();
    [DllImport(Lib)] internal static extern int rn_cuda_synchronize(int device);
    [DllImport(Lib)] internal static extern int rn_manual_seed(long seed);
    [DllImport(Lib)] internal static extern IntPtr rn_get_rng_state(int device);
    [DllImport(Lib)] internal static extern int rn_set_rng_state(int device, HandleRef state);
    [DllImport(Lib)] internal static extern int rn_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int rn_get_num_threads();

    // lifetime, metadata, host data
    [DllImport(Lib)] internal static extern void rn_free(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_dim(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_sizes(IntPtr t, long* output, long capacity);
    [DllImport(Lib)] internal static extern long rn_strides(HandleRef t, long* output, long capacity);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_numel(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_dtype(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_device(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rn_from_data(void* data, long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern int rn_copy_to_host(HandleRef t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int rn_item_double(HandleRef t, out double value);
    [DllImport(Lib)] internal static extern int rn_item_long(HandleRef t, out long value);
    [DllImport(Lib)] internal static extern IntPtr rn_to(HandleRef t, int dtype, int device, int copy);
    [DllImport(Lib)] internal static extern IntPtr rn_alias(HandleRef t);
    [DllImport(Lib)] internal static extern IntPtr rn_clone(HandleRef t);
    [DllImport(Lib)] internal static extern IntPtr rn_contiguous(HandleRef t);
    [DllImport(Lib)] internal static extern IntPtr rn_contiguous_format(HandleRef t, int format);
    [DllImport(Lib)] internal static extern int rn_is_contiguous_format(HandleRef t, int format);
    [DllImport(Lib)] internal static extern IntPtr rn_detach(HandleRef t);
    [DllImport(Lib)] internal static extern int rn_copy_(HandleRef dst, HandleRef src);
    [DllImport(Lib)] internal static extern int rn_fill_(HandleRef t, Scalar value);
    [DllImport(Lib)] internal static extern int rn_zero_(HandleRef t);
    [DllImport(Lib)] internal static extern int rn_uniform_(HandleRef t, double from, double to);
    [DllImport(Lib)] internal static extern int rn_normal_(HandleRef t, double mean, double std);
    [DllImport(Lib)] internal static extern int rn_bernoulli_(HandleRef t, double p);
    [DllImport(Lib)] internal static extern IntPtr rn_to_string(HandleRef t);
    [DllImport(Lib)] internal static extern void rn_free_string(IntPtr s);

    // factories
    [DllImport(Lib)] internal static extern IntPtr rn_zeros(long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_ones(long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_empty(long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_full(long* shape, int ndim, Scalar value, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_rand(long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_randn(long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_randint(long low, long high, long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_randperm(long n, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_arange(Scalar start, Scalar end, Scalar step, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_linspace(double start, double end, long steps, int dtype, int device);
    [DllImport(Lib)] internal static extern IntPtr rn_eye(long n, long m, int dtype, int device);

    // math
    [DllImport(Lib)] internal static extern IntPtr rn_unary(UnaryOp op, HandleRef x);
    [DllImport(Lib)] internal static extern int rn_unary_(UnaryOp op, HandleRef x);
    [DllImport(Lib)] internal static extern IntPtr rn_binary(BinaryOp op, HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_binary_scalar(BinaryOp op, HandleRef a, Scalar b);
    [DllImport(Lib)] internal static extern IntPtr rn_scalar_binary(BinaryOp op, Scalar a, HandleRef b);
    [DllImport(Lib)] internal static extern int rn_binary_(BinaryOp op, HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern int rn_binary_scalar_(BinaryOp op, HandleRef a, Scalar b);
    [DllImport(Lib)] internal static extern IntPtr rn_add_scaled(HandleRef a, HandleRef b, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_add_scaled_(HandleRef a, HandleRef b, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_addcmul_(HandleRef a, HandleRef b, HandleRef c, Scalar value);
    [DllImport(Lib)] internal static extern int rn_addcdiv_(HandleRef a, HandleRef b, HandleRef c, Scalar value);
    [DllImport(Lib)] internal static extern int rn_lerp_(HandleRef a, HandleRef end, Scalar weight);
    [DllImport(Lib)] internal static extern IntPtr rn_clamp(HandleRef x, Scalar lo, int hasLo, Scalar hi, int hasHi);
    [DllImport(Lib)] internal static extern int rn_clamp_(HandleRef x, Scalar lo, int hasLo, Scalar hi, int hasHi);
    [DllImport(Lib)] internal static extern IntPtr rn_clamp_tensor(HandleRef x, HandleRef lo, HandleRef hi);
    [DllImport(Lib)] internal static extern int rn_clamp_tensor_(HandleRef x, HandleRef lo, HandleRef hi);
    [DllImport(Lib)] internal static extern IntPtr rn_where(HandleRef cond, HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_reduce(ReduceOp op, HandleRef x, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern IntPtr rn_var(HandleRef x, long* dims, int ndims, int unbiased, int keepdim, int takeSqrt);
    [DllImport(Lib)] internal static extern IntPtr rn_norm(HandleRef x, double p, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern int rn_max_dim(HandleRef x, long dim, int keepdim, int isMax, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr rn_argmax(HandleRef x, long dim, int hasDim, int keepdim, int isMax);
    [DllImport(Lib)] internal static extern int rn_sort(HandleRef x, long dim, int descending, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern int rn_topk(HandleRef x, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr rn_cumsum(HandleRef x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_mm(HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_matmul(HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_bmm(HandleRef a, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_addmm(HandleRef input, HandleRef a, HandleRef b, Scalar beta, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_allclose(HandleRef a, HandleRef b, double rtol, double atol);

    // shape
    [DllImport(Lib)] internal static extern IntPtr rn_view(HandleRef x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_reshape(HandleRef x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_expand(HandleRef x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_repeat(HandleRef x, long* times, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_permute(HandleRef x, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_flip(HandleRef x, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_transpose(HandleRef x, long a, long b);
    [DllImport(Lib)] internal static extern IntPtr rn_squeeze(HandleRef x, long dim, int hasDim);
    [DllImport(Lib)] internal static extern IntPtr rn_unsqueeze(HandleRef x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_flatten(HandleRef x, long start, long end);
    [DllImport(Lib)] internal static extern IntPtr rn_narrow(HandleRef x, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr rn_slice(HandleRef x, long dim, long start, long end, long step);
    [DllImport(Lib)] internal static extern IntPtr rn_select(HandleRef x, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr rn_index_select(HandleRef x, long dim, HandleRef index);
    [DllImport(Lib)] internal static extern int rn_index_copy_(HandleRef x, long dim, HandleRef index, HandleRef source);
    [DllImport(Lib)] internal static extern IntPtr rn_index_copy(HandleRef x, long dim, HandleRef index, HandleRef source);
    [DllImport(Lib)] internal static extern IntPtr rn_gather(HandleRef x, long dim, HandleRef index);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter(HandleRef x, long dim, HandleRef index, HandleRef src);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter_value(HandleRef x, long dim, HandleRef index, Scalar value);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter_add(HandleRef x, long dim, HandleRef index, HandleRef src);
    [DllImport(Lib)] internal static extern IntPtr rn_masked_fill(HandleRef x, HandleRef mask, Scalar value);
    [DllImport(Lib)] internal static extern int rn_masked_fill_(HandleRef x, HandleRef mask, Scalar value);
    [DllImport(Lib)] internal static extern IntPtr rn_masked_select(HandleRef x, HandleRef mask);
    [DllImport(Lib)] internal static extern IntPtr rn_nonzero(HandleRef x);
    [DllImport(Lib)] internal static extern IntPtr rn_cat(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_stack(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern int rn_split_with_sizes(HandleRef x, long* sizes, int count, long dim, IntPtr* output);

    // nn.functional
    [DllImport(Lib)] internal static extern IntPtr rn_conv2d(HandleRef x, HandleRef w, HandleRef b, long* stride, long* padding, long* dilation, long groups);
    [DllImport(Lib)] internal static extern IntPtr rn_linear(HandleRef x, HandleRef w, HandleRef b);
    [DllImport(Lib)] internal static extern IntPtr rn_batch_norm(HandleRef x, HandleRef weight, HandleRef bias, HandleRef runningMean, HandleRef runningVar, int training, double momentum, double eps);
    [DllImport(Lib)] internal static extern IntPtr rn_prelu(HandleRef x, HandleRef w);
    [DllImport(Lib)] internal static extern IntPtr rn_leaky_relu(HandleRef x, double slope);
    [DllImport(Lib)] internal static extern IntPtr rn_softmax(HandleRef x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_log_softmax(HandleRef x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_dropout(HandleRef x, double p, int training);
    [DllImport(Lib)] internal static extern IntPtr rn_max_pool2d(HandleRef x, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [DllImport(Lib)] internal static extern IntPtr rn_avg_pool2d(HandleRef x, long* kernel, long* stride, long* padding, int ceilMode, int countIncludePad);
    [DllImport(Lib)] internal static extern IntPtr rn_adaptive_avg_pool2d(HandleRef x, long* size);
    [DllImport(Lib)] internal static extern IntPtr rn_cross_entropy(HandleRef logits, HandleRef target, HandleRef weight, long reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr rn_nll_loss(HandleRef logp, HandleRef target, HandleRef weight, long reduction, long ignoreIndex);
    [DllImport(Lib)] internal static extern IntPtr rn_mse_loss(HandleRef a, HandleRef b, long reduction);
    [DllImport(Lib)] internal static extern IntPtr rn_kl_div(HandleRef input, HandleRef target, long reduction, int logTarget);
    [DllImport(Lib)] internal static extern IntPtr rn_interpolate(HandleRef x, long* size, int mode, int alignCorners);
    [DllImport(Lib)] internal static extern IntPtr rn_pad(HandleRef x, long* pad, int n, int mode, double value);
    [DllImport(Lib)] internal static extern IntPtr rn_one_hot(HandleRef x, long numClasses);

    // autograd
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_set_requires_grad(HandleRef t, int on);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_grad(HandleRef t, out IntPtr grad);
    [DllImport(Lib)] internal static extern int rn_set_grad(HandleRef t, HandleRef grad);
    [DllImport(Lib)] internal static extern int rn_backward(HandleRef t, HandleRef gradient, int retainGraph, int createGraph);
    [DllImport(Lib)] internal static extern int rn_autograd_grad(IntPtr* outputs, int nOut, IntPtr* gradOutputs, IntPtr* inputs, int nIn, int retainGraph, int createGraph, int allowUnused, IntPtr* output);
    [DllImport(Lib)] internal static extern int rn_set_data(HandleRef t, HandleRef data);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_grad_enabled();
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_set_grad_enabled(int on);
}

/// <summary>Codes of the shim's rn_unary, in the order of RN_UNARY_OPS in lib/native/src/math.cpp (checked
/// when the shim is loaded).</summary>
internal enum UnaryOp
{
    Neg, Abs, Sign, Sqrt, Rsqrt, Exp, Log, Log1p, Sin, Cos, Tanh, Sigmoid, Relu, Floor, Ceil, Round,
    Reciprocal, Square, LogicalNot, Erf, Trunc, IsNan, IsFinite,
}

/// <summary>Codes of the shim's rn_binary, in the order of RN_BINARY_OPS in lib/native/src/math.cpp (checked
/// when the shim is loaded).</summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr,
    Remainder, FloorDivide, Atan2, LogicalXor,
}

/// <summary>Codes of the shim's rn_reduce, in the order of RN_REDUCE_OPS in lib/native/src/math.cpp (checked
/// when the shim is loaded).</summary>
internal enum ReduceOp { Sum, Mean, Prod, Amax, Amin, Any, All, LogSumExp }
