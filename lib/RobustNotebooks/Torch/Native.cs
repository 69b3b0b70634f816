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

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowLastError()
    {
        var message = rn_last_error();
        throw new TorchException(message == IntPtr.Zero
            ? "a libtorch call failed without a message"
            : Marshal.PtrToStringUTF8(message)!);
    }

    // errors and runtime
    [DllImport(Lib)] internal static extern IntPtr rn_last_error();
    [DllImport(Lib)] internal static extern int rn_shim_version();
    [DllImport(Lib)] internal static extern IntPtr rn_torch_version();
    [DllImport(Lib)] internal static extern int rn_load_cuda();
    [DllImport(Lib)] internal static extern int rn_cuda_is_available();
    [DllImport(Lib)] internal static extern int rn_cuda_device_count();
    [DllImport(Lib)] internal static extern int rn_cuda_synchronize(int device);
    [DllImport(Lib)] internal static extern int rn_manual_seed(long seed);
    [DllImport(Lib)] internal static extern IntPtr rn_get_rng_state(int device);
    [DllImport(Lib)] internal static extern int rn_set_rng_state(int device, IntPtr state);
    [DllImport(Lib)] internal static extern int rn_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int rn_get_num_threads();

    // lifetime, metadata, host data
    [DllImport(Lib)] internal static extern void rn_free(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_dim(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_sizes(IntPtr t, long* output, long capacity);
    [DllImport(Lib), SuppressGCTransition] internal static extern long rn_numel(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_dtype(IntPtr t);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_device(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rn_from_data(void* data, long* shape, int ndim, int dtype, int device);
    [DllImport(Lib)] internal static extern int rn_copy_to_host(IntPtr t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int rn_item_double(IntPtr t, out double value);
    [DllImport(Lib)] internal static extern int rn_item_long(IntPtr t, out long value);
    [DllImport(Lib)] internal static extern IntPtr rn_to(IntPtr t, int dtype, int device, int copy);
    [DllImport(Lib)] internal static extern IntPtr rn_alias(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rn_clone(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rn_contiguous(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr rn_detach(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_copy_(IntPtr dst, IntPtr src);
    [DllImport(Lib)] internal static extern int rn_fill_(IntPtr t, Scalar value);
    [DllImport(Lib)] internal static extern int rn_zero_(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_uniform_(IntPtr t, double from, double to);
    [DllImport(Lib)] internal static extern int rn_normal_(IntPtr t, double mean, double std);
    [DllImport(Lib)] internal static extern int rn_bernoulli_(IntPtr t, double p);
    [DllImport(Lib)] internal static extern IntPtr rn_to_string(IntPtr t);
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
    [DllImport(Lib)] internal static extern IntPtr rn_unary(UnaryOp op, IntPtr x);
    [DllImport(Lib)] internal static extern int rn_unary_(UnaryOp op, IntPtr x);
    [DllImport(Lib)] internal static extern IntPtr rn_binary(BinaryOp op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_binary_scalar(BinaryOp op, IntPtr a, Scalar b);
    [DllImport(Lib)] internal static extern IntPtr rn_scalar_binary(BinaryOp op, Scalar a, IntPtr b);
    [DllImport(Lib)] internal static extern int rn_binary_(BinaryOp op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int rn_binary_scalar_(BinaryOp op, IntPtr a, Scalar b);
    [DllImport(Lib)] internal static extern IntPtr rn_add_scaled(IntPtr a, IntPtr b, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_add_scaled_(IntPtr a, IntPtr b, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_addcmul_(IntPtr a, IntPtr b, IntPtr c, Scalar value);
    [DllImport(Lib)] internal static extern int rn_addcdiv_(IntPtr a, IntPtr b, IntPtr c, Scalar value);
    [DllImport(Lib)] internal static extern int rn_lerp_(IntPtr a, IntPtr end, Scalar weight);
    [DllImport(Lib)] internal static extern IntPtr rn_clamp(IntPtr x, Scalar lo, int hasLo, Scalar hi, int hasHi);
    [DllImport(Lib)] internal static extern int rn_clamp_(IntPtr x, Scalar lo, int hasLo, Scalar hi, int hasHi);
    [DllImport(Lib)] internal static extern IntPtr rn_clamp_tensor(IntPtr x, IntPtr lo, IntPtr hi);
    [DllImport(Lib)] internal static extern int rn_clamp_tensor_(IntPtr x, IntPtr lo, IntPtr hi);
    [DllImport(Lib)] internal static extern IntPtr rn_where(IntPtr cond, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_reduce(ReduceOp op, IntPtr x, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern IntPtr rn_var(IntPtr x, long* dims, int ndims, int unbiased, int keepdim, int takeSqrt);
    [DllImport(Lib)] internal static extern IntPtr rn_norm(IntPtr x, double p, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern int rn_max_dim(IntPtr x, long dim, int keepdim, int isMax, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr rn_argmax(IntPtr x, long dim, int hasDim, int keepdim, int isMax);
    [DllImport(Lib)] internal static extern int rn_sort(IntPtr x, long dim, int descending, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern int rn_topk(IntPtr x, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr rn_cumsum(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_mm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_matmul(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_bmm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_addmm(IntPtr input, IntPtr a, IntPtr b, Scalar beta, Scalar alpha);
    [DllImport(Lib)] internal static extern int rn_allclose(IntPtr a, IntPtr b, double rtol, double atol);

    // shape
    [DllImport(Lib)] internal static extern IntPtr rn_view(IntPtr x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_reshape(IntPtr x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_expand(IntPtr x, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_repeat(IntPtr x, long* times, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_permute(IntPtr x, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_flip(IntPtr x, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr rn_transpose(IntPtr x, long a, long b);
    [DllImport(Lib)] internal static extern IntPtr rn_squeeze(IntPtr x, long dim, int hasDim);
    [DllImport(Lib)] internal static extern IntPtr rn_unsqueeze(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_flatten(IntPtr x, long start, long end);
    [DllImport(Lib)] internal static extern IntPtr rn_narrow(IntPtr x, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr rn_slice(IntPtr x, long dim, long start, long end, long step);
    [DllImport(Lib)] internal static extern IntPtr rn_select(IntPtr x, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr rn_index_select(IntPtr x, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern int rn_index_copy_(IntPtr x, long dim, IntPtr index, IntPtr source);
    [DllImport(Lib)] internal static extern IntPtr rn_index_copy(IntPtr x, long dim, IntPtr index, IntPtr source);
    [DllImport(Lib)] internal static extern IntPtr rn_gather(IntPtr x, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter(IntPtr x, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter_value(IntPtr x, long dim, IntPtr index, Scalar value);
    [DllImport(Lib)] internal static extern IntPtr rn_scatter_add(IntPtr x, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr rn_masked_fill(IntPtr x, IntPtr mask, Scalar value);
    [DllImport(Lib)] internal static extern int rn_masked_fill_(IntPtr x, IntPtr mask, Scalar value);
    [DllImport(Lib)] internal static extern IntPtr rn_masked_select(IntPtr x, IntPtr mask);
    [DllImport(Lib)] internal static extern IntPtr rn_nonzero(IntPtr x);
    [DllImport(Lib)] internal static extern IntPtr rn_cat(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_stack(IntPtr* items, int count, long dim);
    [DllImport(Lib)] internal static extern int rn_split_with_sizes(IntPtr x, long* sizes, int count, long dim, IntPtr* output);

    // nn.functional
    [DllImport(Lib)] internal static extern IntPtr rn_conv2d(IntPtr x, IntPtr w, IntPtr b, long* stride, long* padding, long* dilation, long groups);
    [DllImport(Lib)] internal static extern IntPtr rn_linear(IntPtr x, IntPtr w, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr rn_batch_norm(IntPtr x, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [DllImport(Lib)] internal static extern IntPtr rn_prelu(IntPtr x, IntPtr w);
    [DllImport(Lib)] internal static extern IntPtr rn_leaky_relu(IntPtr x, double slope);
    [DllImport(Lib)] internal static extern IntPtr rn_softmax(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_log_softmax(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr rn_dropout(IntPtr x, double p, int training);
    [DllImport(Lib)] internal static extern IntPtr rn_max_pool2d(IntPtr x, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [DllImport(Lib)] internal static extern IntPtr rn_avg_pool2d(IntPtr x, long* kernel, long* stride, long* padding, int ceilMode, int countIncludePad);
    [DllImport(Lib)] internal static extern IntPtr rn_adaptive_avg_pool2d(IntPtr x, long* size);
    [DllImport(Lib)] internal static extern IntPtr rn_cross_entropy(IntPtr logits, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr rn_nll_loss(IntPtr logp, IntPtr target, IntPtr weight, long reduction, long ignoreIndex);
    [DllImport(Lib)] internal static extern IntPtr rn_mse_loss(IntPtr a, IntPtr b, long reduction);
    [DllImport(Lib)] internal static extern IntPtr rn_kl_div(IntPtr input, IntPtr target, long reduction, int logTarget);
    [DllImport(Lib)] internal static extern IntPtr rn_interpolate(IntPtr x, long* size, int mode, int alignCorners);
    [DllImport(Lib)] internal static extern IntPtr rn_pad(IntPtr x, long* pad, int n, int mode, double value);
    [DllImport(Lib)] internal static extern IntPtr rn_one_hot(IntPtr x, long numClasses);

    // autograd
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_set_requires_grad(IntPtr t, int on);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern int rn_grad(IntPtr t, out IntPtr grad);
    [DllImport(Lib)] internal static extern int rn_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Lib)] internal static extern int rn_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [DllImport(Lib)] internal static extern int rn_autograd_grad(IntPtr* outputs, int nOut, IntPtr* gradOutputs, IntPtr* inputs, int nIn, int retainGraph, int createGraph, int allowUnused, IntPtr* output);
    [DllImport(Lib)] internal static extern int rn_set_data(IntPtr t, IntPtr data);
    [DllImport(Lib), SuppressGCTransition] internal static extern int rn_grad_enabled();
    [DllImport(Lib), SuppressGCTransition] internal static extern void rn_set_grad_enabled(int on);
}

/// <summary>Codes of the shim's rn_unary; the order matches UnaryOp in lib/native/src/math.cpp.</summary>
internal enum UnaryOp
{
    Neg, Abs, Sign, Sqrt, Rsqrt, Exp, Log, Log1p, Sin, Cos, Tanh, Sigmoid, Relu, Floor, Ceil, Round,
    Reciprocal, Square, LogicalNot, Erf, Trunc, IsNan, IsFinite,
}

/// <summary>Codes of the shim's rn_binary; the order matches BinaryOp in lib/native/src/math.cpp.</summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr,
    Remainder, FloorDivide, Atan2, LogicalXor,
}

/// <summary>Codes of the shim's rn_reduce; the order matches ReduceOp in lib/native/src/math.cpp.</summary>
internal enum ReduceOp { Sum, Mean, Prod, Amax, Amin, Any, All, LogSumExp }
