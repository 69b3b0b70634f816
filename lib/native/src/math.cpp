// Elementwise math, comparisons, reductions and matrix products. Unary, binary and reduction ops
// are selected by a code shared with the C# enums (see RN_UNARY_OPS below).
#include "shim.h"
#include "small_tensor.h"

// The op codes, in the order of the C# enums UnaryOp, BinaryOp and ReduceOp (Native.cs). Each list
// is written once: it makes the C++ enum and the names rn_op_names reports, which the C# side
// compares with its enums when it loads the shim, so the two sides cannot drift apart silently.
#define RN_UNARY_OPS(X) X(Neg) X(Abs) X(Sign) X(Sqrt) X(Rsqrt) X(Exp) X(Log) X(Log1p) X(Sin) X(Cos) X(Tanh) X(Sigmoid) X(Relu) X(Floor) X(Ceil) X(Round) X(Reciprocal) X(Square) X(LogicalNot) X(Erf) X(Trunc) X(IsNan) X(IsFinite)
#define RN_BINARY_OPS(X) X(Add) X(Sub) X(Mul) X(Div) X(Pow) X(Maximum) X(Minimum) X(Eq) X(Ne) X(Lt) X(Le) X(Gt) X(Ge) X(LogicalAnd) X(LogicalOr) X(Remainder) X(FloorDivide) X(Atan2) X(LogicalXor)
#define RN_REDUCE_OPS(X) X(Sum) X(Mean) X(Prod) X(Amax) X(Amin) X(Any) X(All) X(LogSumExp)

#define RN_UNARY_CODE(n) U_##n,
#define RN_BINARY_CODE(n) B_##n,
#define RN_REDUCE_CODE(n) R_##n,
#define RN_NAME(n) #n ","
enum UnaryOp { RN_UNARY_OPS(RN_UNARY_CODE) };
enum BinaryOp { RN_BINARY_OPS(RN_BINARY_CODE) };
enum ReduceOp { RN_REDUCE_OPS(RN_REDUCE_CODE) };

// The names of one list (0 unary, 1 binary, 2 reduce), comma-terminated, or null.
RN_EXPORT const char* rn_op_names(int32_t kind) {
  switch (kind) {
    case 0: return RN_UNARY_OPS(RN_NAME);
    case 1: return RN_BINARY_OPS(RN_NAME);
    case 2: return RN_REDUCE_OPS(RN_NAME);
  }
  return nullptr;
}

static at::Tensor unary(int32_t op, const at::Tensor& x) {
  switch (op) {
    case U_Neg: return x.neg();
    case U_Abs: return x.abs();
    case U_Sign: return x.sign();
    case U_Sqrt: return x.sqrt();
    case U_Rsqrt: return x.rsqrt();
    case U_Exp: return x.exp();
    case U_Log: return x.log();
    case U_Log1p: return x.log1p();
    case U_Sin: return x.sin();
    case U_Cos: return x.cos();
    case U_Tanh: return x.tanh();
    case U_Sigmoid: return x.sigmoid();
    case U_Relu: return x.relu();
    case U_Floor: return x.floor();
    case U_Ceil: return x.ceil();
    case U_Round: return x.round();
    case U_Reciprocal: return x.reciprocal();
    case U_Square: return x.square();
    case U_LogicalNot: return x.logical_not();
    case U_Erf: return x.erf();
    case U_Trunc: return x.trunc();
    case U_IsNan: return x.isnan();
    case U_IsFinite: return x.isfinite();
  }
  TORCH_CHECK(false, "unknown unary op code ", op);
}

static void unary_(int32_t op, at::Tensor& x) {
  switch (op) {
    case U_Neg: x.neg_(); return;
    case U_Abs: x.abs_(); return;
    case U_Sign: x.sign_(); return;
    case U_Sqrt: x.sqrt_(); return;
    case U_Rsqrt: x.rsqrt_(); return;
    case U_Exp: x.exp_(); return;
    case U_Log: x.log_(); return;
    case U_Log1p: x.log1p_(); return;
    case U_Sin: x.sin_(); return;
    case U_Cos: x.cos_(); return;
    case U_Tanh: x.tanh_(); return;
    case U_Sigmoid: x.sigmoid_(); return;
    case U_Relu: x.relu_(); return;
    case U_Floor: x.floor_(); return;
    case U_Ceil: x.ceil_(); return;
    case U_Round: x.round_(); return;
    case U_Reciprocal: x.reciprocal_(); return;
    case U_Square: x.square_(); return;
    case U_LogicalNot: x.logical_not_(); return;
    case U_Erf: x.erf_(); return;
    case U_Trunc: x.trunc_(); return;
  }
  TORCH_CHECK(false, "unary op code ", op, " has no in-place form");
}

template <typename B>
static at::Tensor binary(int32_t op, const at::Tensor& a, const B& b) {
  switch (op) {
    case B_Add: return a.add(b);
    case B_Sub: return a.sub(b);
    case B_Mul: return a.mul(b);
    case B_Div: return a.div(b);
    case B_Pow: return a.pow(b);
    case B_Eq: return a.eq(b);
    case B_Ne: return a.ne(b);
    case B_Lt: return a.lt(b);
    case B_Le: return a.le(b);
    case B_Gt: return a.gt(b);
    case B_Ge: return a.ge(b);
    case B_Remainder: return a.remainder(b);
  }
  if constexpr (std::is_same_v<B, at::Tensor>) {
    switch (op) {
      case B_Maximum: return at::maximum(a, b);
      case B_Minimum: return at::minimum(a, b);
      case B_LogicalAnd: return a.logical_and(b);
      case B_LogicalOr: return a.logical_or(b);
      case B_LogicalXor: return a.logical_xor(b);
      case B_FloorDivide: return a.div(b, "floor");
      case B_Atan2: return a.atan2(b);
    }
  } else {
    switch (op) {
      case B_FloorDivide: return a.div(at::scalar_tensor(b, a.options()), "floor");
      case B_Maximum: return a.clamp_min(b);
      case B_Minimum: return a.clamp_max(b);
    }
  }
  TORCH_CHECK(false, "binary op code ", op, " is not defined for these operands");
}

template <typename B>
static void binary_(int32_t op, at::Tensor& a, const B& b) {
  switch (op) {
    case B_Add: a.add_(b); return;
    case B_Sub: a.sub_(b); return;
    case B_Mul: a.mul_(b); return;
    case B_Div: a.div_(b); return;
    case B_Pow: a.pow_(b); return;
    case B_Remainder: a.remainder_(b); return;
  }
  if constexpr (!std::is_same_v<B, at::Tensor>) {
    switch (op) {
      case B_Maximum: a.clamp_min_(b); return;
      case B_Minimum: a.clamp_max_(b); return;
    }
  }
  TORCH_CHECK(false, "binary op code ", op, " has no in-place form for these operands");
}

// The fast paths for tiny tensors (small_tensor.h). Add, sub and mul are one IEEE operation per element
// in libtorch too (its a + alpha·b with alpha = 1 is a single fused multiply-add of b·1 + a), and a scalar
// operand is cast to the tensor's dtype first, as libtorch does; division is left out (libtorch divides
// by a scalar through its reciprocal). Relu is libtorch's clamp_min(x, 0): NaN and −0 pass through.
template <typename T>
static T small_op(int32_t op, T x, T y) {
  switch (op) {
    case B_Add: return x + y;
    case B_Sub: return x - y;
    default: return x * y;
  }
}

static bool small_binary_op(int32_t op) { return op == B_Add || op == B_Sub || op == B_Mul; }

template <typename T>
static void small_loop(int32_t op, const T* a, const T* b, bool b_scalar, T* out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = small_op(op, a[i], b_scalar ? b[0] : b[i]);
}

template <typename T>
static void small_scalar_into(int32_t op, const at::Tensor& a, const at::Scalar& s, at::Tensor& out) {
  const T v = static_cast<T>(s.to<double>());
  small_loop<T>(op, a.data_ptr<T>(), &v, true, out.data_ptr<T>(), a.numel());
}

static bool small_scalar_operand(const at::Scalar& s) { return s.isFloatingPoint() || s.isIntegral(false); }

static bool small_scalar_inplace(int32_t op, at::Tensor& a, const at::Scalar& s) {
  if (!small_binary_op(op) || !is_small_float(a) || !small_scalar_operand(s)) return false;
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "small_scalar_inplace", [&] { small_scalar_into<scalar_t>(op, a, s, a); });
  // A tensor saved for backward and then modified in place must still be caught.
  a.unsafeGetTensorImpl()->bump_version();
  return true;
}

static c10::optional<at::Tensor> small_binary_scalar(int32_t op, const at::Tensor& a, const at::Scalar& s) {
  if (!small_binary_op(op) || !is_small_float(a) || !small_scalar_operand(s) || !small_result_allowed()) return c10::nullopt;
  auto out = empty_small(a.sizes(), a.scalar_type());
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "small_binary_scalar", [&] { small_scalar_into<scalar_t>(op, a, s, out); });
  return out;
}

// Tensor OP tensor of one shape and dtype (no broadcasting, no promotion).
static c10::optional<at::Tensor> small_binary(int32_t op, const at::Tensor& a, const at::Tensor& b) {
  if (!small_binary_op(op) || !is_small_float(a) || !is_small_dense(b) || b.scalar_type() != a.scalar_type() ||
      !b.sizes().equals(a.sizes()) || !small_result_allowed())
    return c10::nullopt;
  auto out = empty_small(a.sizes(), a.scalar_type());
  AT_DISPATCH_FLOATING_TYPES(a.scalar_type(), "small_binary", [&] {
    small_loop<scalar_t>(op, a.data_ptr<scalar_t>(), b.data_ptr<scalar_t>(), false, out.data_ptr<scalar_t>(), a.numel());
  });
  return out;
}

template <typename T>
static void small_unary_loop(int32_t op, const T* x, T* out, int64_t n) {
  switch (op) {
    case U_Neg: for (int64_t i = 0; i < n; i++) out[i] = -x[i]; break;
    case U_Relu: for (int64_t i = 0; i < n; i++) out[i] = x[i] < T(0) ? T(0) : x[i]; break;
  }
}

static c10::optional<at::Tensor> small_unary(int32_t op, const at::Tensor& x) {
  if ((op != U_Neg && op != U_Relu) || !is_small_float(x) || !small_result_allowed()) return c10::nullopt;
  auto out = empty_small(x.sizes(), x.scalar_type());
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "small_unary", [&] {
    small_unary_loop<scalar_t>(op, x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), x.numel());
  });
  return out;
}

RN_EXPORT RnTensor rn_unary(int32_t op, RnTensor x) RN_TENSOR(fast_or(small_unary(op, *x), [&] { return unary(op, *x); }))
RN_EXPORT int32_t rn_unary_(int32_t op, RnTensor x) RN_STATUS(unary_(op, *x))
RN_EXPORT RnTensor rn_binary(int32_t op, RnTensor a, RnTensor b) RN_TENSOR(fast_or(small_binary(op, *a, *b), [&] { return binary(op, *a, *b); }))
RN_EXPORT RnTensor rn_binary_scalar(int32_t op, RnTensor a, RnScalar b) RN_TENSOR(fast_or(small_binary_scalar(op, *a, to_scalar(b)), [&] { return binary(op, *a, to_scalar(b)); }))
// scalar OP tensor, for 2 - x and 1 / x.
RN_EXPORT RnTensor rn_scalar_binary(int32_t op, RnScalar a, RnTensor b)
RN_TENSOR(binary(op, at::scalar_tensor(to_scalar(a), b->options().dtype(at::result_type(to_scalar(a), *b))), *b))
RN_EXPORT int32_t rn_binary_(int32_t op, RnTensor a, RnTensor b) RN_STATUS(binary_(op, *a, *b))
RN_EXPORT int32_t rn_binary_scalar_(int32_t op, RnTensor a, RnScalar b) RN_STATUS({
  auto s = to_scalar(b);
  if (!small_scalar_inplace(op, *a, s)) binary_(op, *a, s);
})

// a + alpha * b, and its in-place form: the step of every optimizer.
RN_EXPORT RnTensor rn_add_scaled(RnTensor a, RnTensor b, RnScalar alpha) RN_TENSOR(a->add(*b, to_scalar(alpha)))
RN_EXPORT int32_t rn_add_scaled_(RnTensor a, RnTensor b, RnScalar alpha) RN_STATUS(a->add_(*b, to_scalar(alpha)))
RN_EXPORT int32_t rn_addcmul_(RnTensor a, RnTensor b, RnTensor c, RnScalar value) RN_STATUS(a->addcmul_(*b, *c, to_scalar(value)))
RN_EXPORT int32_t rn_addcdiv_(RnTensor a, RnTensor b, RnTensor c, RnScalar value) RN_STATUS(a->addcdiv_(*b, *c, to_scalar(value)))
RN_EXPORT int32_t rn_lerp_(RnTensor a, RnTensor end, RnScalar weight) RN_STATUS(a->lerp_(*end, to_scalar(weight)))

// Either bound may be absent (has_min / has_max = 0).
RN_EXPORT RnTensor rn_clamp(RnTensor x, RnScalar lo, int32_t has_lo, RnScalar hi, int32_t has_hi)
RN_TENSOR(x->clamp(has_lo ? c10::optional<at::Scalar>(to_scalar(lo)) : c10::nullopt,
                   has_hi ? c10::optional<at::Scalar>(to_scalar(hi)) : c10::nullopt))
RN_EXPORT int32_t rn_clamp_(RnTensor x, RnScalar lo, int32_t has_lo, RnScalar hi, int32_t has_hi)
RN_STATUS(x->clamp_(has_lo ? c10::optional<at::Scalar>(to_scalar(lo)) : c10::nullopt,
                    has_hi ? c10::optional<at::Scalar>(to_scalar(hi)) : c10::nullopt))
RN_EXPORT RnTensor rn_clamp_tensor(RnTensor x, RnTensor lo, RnTensor hi) RN_TENSOR(x->clamp(optional_tensor(lo), optional_tensor(hi)))
RN_EXPORT int32_t rn_clamp_tensor_(RnTensor x, RnTensor lo, RnTensor hi) RN_STATUS(x->clamp_(optional_tensor(lo), optional_tensor(hi)))

RN_EXPORT RnTensor rn_where(RnTensor cond, RnTensor a, RnTensor b) RN_TENSOR(at::where(*cond, *a, *b))


// Reduces over the given dims; ndims = 0 reduces over all of them.
RN_EXPORT RnTensor rn_reduce(int32_t op, RnTensor x, const int64_t* dims, int32_t ndims, int32_t keepdim) {
  rn_clear_error();
  try {
    std::vector<int64_t> all;
    if (ndims == 0) for (int64_t d = 0; d < x->dim(); d++) all.push_back(d);
    at::IntArrayRef d = ndims ? DIMS(dims, ndims) : at::IntArrayRef(all);
    bool k = keepdim != 0;
    switch (op) {
      case R_Sum: return new at::Tensor(ndims ? x->sum(d, k) : (k ? x->sum(d, k) : x->sum()));
      case R_Mean: return new at::Tensor(ndims ? x->mean(d, k) : (k ? x->mean(d, k) : x->mean()));
      // Over one dimension or all of them: the C# API offers nothing else.
      case R_Prod: case R_Any: case R_All:
        TORCH_CHECK(ndims <= 1 && (ndims == 1 || !k), "prod, any and all reduce one dimension or all of them");
        if (ndims == 0) return new at::Tensor(op == R_Prod ? x->prod() : op == R_Any ? x->any() : x->all());
        return new at::Tensor(op == R_Prod ? x->prod(dims[0], k) : op == R_Any ? x->any(dims[0], k) : x->all(dims[0], k));
      case R_Amax: return new at::Tensor(x->amax(d, k));
      case R_Amin: return new at::Tensor(x->amin(d, k));
      case R_LogSumExp: return new at::Tensor(x->logsumexp(d, k));
    }
    TORCH_CHECK(false, "unknown reduction code ", op);
  }
  RN_CATCH
  return nullptr;
}

RN_EXPORT RnTensor rn_var(RnTensor x, const int64_t* dims, int32_t ndims, int32_t unbiased, int32_t keepdim, int32_t take_sqrt) {
  rn_clear_error();
  try {
    std::vector<int64_t> all;
    if (ndims == 0) for (int64_t d = 0; d < x->dim(); d++) all.push_back(d);
    at::IntArrayRef d = ndims ? DIMS(dims, ndims) : at::IntArrayRef(all);
    return new at::Tensor(take_sqrt ? x->std(d, unbiased != 0, keepdim != 0) : x->var(d, unbiased != 0, keepdim != 0));
  }
  RN_CATCH
  return nullptr;
}

RN_EXPORT RnTensor rn_norm(RnTensor x, double p, const int64_t* dims, int32_t ndims, int32_t keepdim)
RN_TENSOR(at::linalg_vector_norm(*x, p, ndims ? c10::optional<at::IntArrayRef>(DIMS(dims, ndims)) : c10::nullopt, keepdim != 0))

// max / min along a dim: values and indices. is_max selects which.
RN_EXPORT int32_t rn_max_dim(RnTensor x, int64_t dim, int32_t keepdim, int32_t is_max, RnTensor* values, RnTensor* indices) RN_STATUS({
  auto r = is_max ? x->max(dim, keepdim != 0) : x->min(dim, keepdim != 0);
  *values = new at::Tensor(std::get<0>(r));
  *indices = new at::Tensor(std::get<1>(r));
})

RN_EXPORT RnTensor rn_argmax(RnTensor x, int64_t dim, int32_t has_dim, int32_t keepdim, int32_t is_max)
RN_TENSOR(is_max ? x->argmax(has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0)
                 : x->argmin(has_dim ? c10::optional<int64_t>(dim) : c10::nullopt, keepdim != 0))

RN_EXPORT int32_t rn_sort(RnTensor x, int64_t dim, int32_t descending, RnTensor* values, RnTensor* indices) RN_STATUS({
  auto r = x->sort(dim, descending != 0);
  *values = new at::Tensor(std::get<0>(r));
  *indices = new at::Tensor(std::get<1>(r));
})

RN_EXPORT int32_t rn_topk(RnTensor x, int64_t k, int64_t dim, int32_t largest, int32_t sorted, RnTensor* values, RnTensor* indices) RN_STATUS({
  auto r = x->topk(k, dim, largest != 0, sorted != 0);
  *values = new at::Tensor(std::get<0>(r));
  *indices = new at::Tensor(std::get<1>(r));
})

RN_EXPORT RnTensor rn_cumsum(RnTensor x, int64_t dim) RN_TENSOR(x->cumsum(dim))
RN_EXPORT RnTensor rn_mm(RnTensor a, RnTensor b) RN_TENSOR(a->mm(*b))
RN_EXPORT RnTensor rn_matmul(RnTensor a, RnTensor b) RN_TENSOR(a->matmul(*b))
RN_EXPORT RnTensor rn_bmm(RnTensor a, RnTensor b) RN_TENSOR(a->bmm(*b))
RN_EXPORT RnTensor rn_addmm(RnTensor input, RnTensor a, RnTensor b, RnScalar beta, RnScalar alpha)
RN_TENSOR(input->addmm(*a, *b, to_scalar(beta), to_scalar(alpha)))
RN_EXPORT int32_t rn_allclose(RnTensor a, RnTensor b, double rtol, double atol) {
  rn_clear_error();
  try { return a->allclose(*b, rtol, atol) ? 1 : 0; }
  RN_CATCH
  return -1;
}
