// Elementwise math, comparisons, reductions and matrix products. Unary and binary ops are
// selected by a code shared with the C# enums UnaryOp and BinaryOp (keep both lists in step).
#include "shim.h"

enum UnaryOp {
  U_NEG, U_ABS, U_SIGN, U_SQRT, U_RSQRT, U_EXP, U_LOG, U_LOG1P, U_SIN, U_COS, U_TANH, U_SIGMOID,
  U_RELU, U_FLOOR, U_CEIL, U_ROUND, U_RECIPROCAL, U_SQUARE, U_LOGICAL_NOT, U_ERF, U_TRUNC, U_ISNAN,
  U_ISFINITE
};

enum BinaryOp {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
  B_LOGICAL_AND, B_LOGICAL_OR, B_REMAINDER, B_FLOOR_DIVIDE, B_ATAN2, B_LOGICAL_XOR
};

static at::Tensor unary(int32_t op, const at::Tensor& x) {
  switch (op) {
    case U_NEG: return x.neg();
    case U_ABS: return x.abs();
    case U_SIGN: return x.sign();
    case U_SQRT: return x.sqrt();
    case U_RSQRT: return x.rsqrt();
    case U_EXP: return x.exp();
    case U_LOG: return x.log();
    case U_LOG1P: return x.log1p();
    case U_SIN: return x.sin();
    case U_COS: return x.cos();
    case U_TANH: return x.tanh();
    case U_SIGMOID: return x.sigmoid();
    case U_RELU: return x.relu();
    case U_FLOOR: return x.floor();
    case U_CEIL: return x.ceil();
    case U_ROUND: return x.round();
    case U_RECIPROCAL: return x.reciprocal();
    case U_SQUARE: return x.square();
    case U_LOGICAL_NOT: return x.logical_not();
    case U_ERF: return x.erf();
    case U_TRUNC: return x.trunc();
    case U_ISNAN: return x.isnan();
    case U_ISFINITE: return x.isfinite();
  }
  TORCH_CHECK(false, "unknown unary op code ", op);
}

static void unary_(int32_t op, at::Tensor& x) {
  switch (op) {
    case U_NEG: x.neg_(); return;
    case U_ABS: x.abs_(); return;
    case U_SIGN: x.sign_(); return;
    case U_SQRT: x.sqrt_(); return;
    case U_RSQRT: x.rsqrt_(); return;
    case U_EXP: x.exp_(); return;
    case U_LOG: x.log_(); return;
    case U_LOG1P: x.log1p_(); return;
    case U_SIN: x.sin_(); return;
    case U_COS: x.cos_(); return;
    case U_TANH: x.tanh_(); return;
    case U_SIGMOID: x.sigmoid_(); return;
    case U_RELU: x.relu_(); return;
    case U_FLOOR: x.floor_(); return;
    case U_CEIL: x.ceil_(); return;
    case U_ROUND: x.round_(); return;
    case U_RECIPROCAL: x.reciprocal_(); return;
    case U_SQUARE: x.square_(); return;
    case U_LOGICAL_NOT: x.logical_not_(); return;
    case U_ERF: x.erf_(); return;
    case U_TRUNC: x.trunc_(); return;
  }
  TORCH_CHECK(false, "unary op code ", op, " has no in-place form");
}

template <typename B>
static at::Tensor binary(int32_t op, const at::Tensor& a, const B& b) {
  switch (op) {
    case B_ADD: return a.add(b);
    case B_SUB: return a.sub(b);
    case B_MUL: return a.mul(b);
    case B_DIV: return a.div(b);
    case B_POW: return a.pow(b);
    case B_EQ: return a.eq(b);
    case B_NE: return a.ne(b);
    case B_LT: return a.lt(b);
    case B_LE: return a.le(b);
    case B_GT: return a.gt(b);
    case B_GE: return a.ge(b);
    case B_REMAINDER: return a.remainder(b);
  }
  if constexpr (std::is_same_v<B, at::Tensor>) {
    switch (op) {
      case B_MAXIMUM: return at::maximum(a, b);
      case B_MINIMUM: return at::minimum(a, b);
      case B_LOGICAL_AND: return a.logical_and(b);
      case B_LOGICAL_OR: return a.logical_or(b);
      case B_LOGICAL_XOR: return a.logical_xor(b);
      case B_FLOOR_DIVIDE: return a.div(b, "floor");
      case B_ATAN2: return a.atan2(b);
    }
  } else {
    switch (op) {
      case B_FLOOR_DIVIDE: return a.div(at::scalar_tensor(b, a.options()), "floor");
      case B_MAXIMUM: return a.clamp_min(b);
      case B_MINIMUM: return a.clamp_max(b);
    }
  }
  TORCH_CHECK(false, "binary op code ", op, " is not defined for these operands");
}

template <typename B>
static void binary_(int32_t op, at::Tensor& a, const B& b) {
  switch (op) {
    case B_ADD: a.add_(b); return;
    case B_SUB: a.sub_(b); return;
    case B_MUL: a.mul_(b); return;
    case B_DIV: a.div_(b); return;
    case B_POW: a.pow_(b); return;
    case B_REMAINDER: a.remainder_(b); return;
  }
  if constexpr (!std::is_same_v<B, at::Tensor>) {
    switch (op) {
      case B_MAXIMUM: a.clamp_min_(b); return;
      case B_MINIMUM: a.clamp_max_(b); return;
    }
  }
  TORCH_CHECK(false, "binary op code ", op, " has no in-place form for these operands");
}

// Tiny dense CPU tensors: for a scalar op libtorch spends about 2 µs wrapping the scalar in a tensor
// and building a TensorIterator, whatever the size. For a few elements a plain loop is ~10x faster and
// gives the same bits: same dtype, the scalar cast to it as libtorch does, add/sub/mul only (libtorch
// divides by a scalar through its reciprocal). Autograd is not involved (no requires_grad), and the
// version counter is bumped so a tensor saved for backward and then modified is still caught.
template <typename T>
static void small_scalar_loop(int32_t op, at::Tensor& a, T s) {
  T* p = a.data_ptr<T>();
  const int64_t n = a.numel();
  switch (op) {
    case B_ADD: for (int64_t i = 0; i < n; i++) p[i] = p[i] + s; break;
    case B_SUB: for (int64_t i = 0; i < n; i++) p[i] = p[i] - s; break;
    case B_MUL: for (int64_t i = 0; i < n; i++) p[i] = p[i] * s; break;
  }
}

static constexpr int64_t kSmallTensor = 64;

static bool small_scalar_inplace(int32_t op, at::Tensor& a, const at::Scalar& s) {
  if (op != B_ADD && op != B_SUB && op != B_MUL) return false;
  if (!a.defined() || !a.device().is_cpu() || a.layout() != at::kStrided || a.requires_grad() ||
      !a.is_contiguous() || a.numel() > kSmallTensor || a.is_neg() || a.is_conj())
    return false;
  switch (a.scalar_type()) {
    case at::kFloat: small_scalar_loop<float>(op, a, static_cast<float>(s.to<double>())); break;
    case at::kDouble: small_scalar_loop<double>(op, a, s.to<double>()); break;
    default: return false;
  }
  a.unsafeGetTensorImpl()->bump_version();
  return true;
}

RN_EXPORT RnTensor rn_unary(int32_t op, RnTensor x) RN_TENSOR(unary(op, *x))
RN_EXPORT int32_t rn_unary_(int32_t op, RnTensor x) RN_STATUS(unary_(op, *x))
RN_EXPORT RnTensor rn_binary(int32_t op, RnTensor a, RnTensor b) RN_TENSOR(binary(op, *a, *b))
RN_EXPORT RnTensor rn_binary_scalar(int32_t op, RnTensor a, RnScalar b) RN_TENSOR(binary(op, *a, to_scalar(b)))
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

enum ReduceOp { R_SUM, R_MEAN, R_PROD, R_AMAX, R_AMIN, R_ANY, R_ALL, R_LOGSUMEXP };

// Reduces over the given dims; ndims = 0 reduces over all of them.
RN_EXPORT RnTensor rn_reduce(int32_t op, RnTensor x, const int64_t* dims, int32_t ndims, int32_t keepdim) {
  rn_clear_error();
  try {
    std::vector<int64_t> all;
    if (ndims == 0) for (int64_t d = 0; d < x->dim(); d++) all.push_back(d);
    at::IntArrayRef d = ndims ? DIMS(dims, ndims) : at::IntArrayRef(all);
    bool k = keepdim != 0;
    switch (op) {
      case R_SUM: return new at::Tensor(ndims ? x->sum(d, k) : (k ? x->sum(d, k) : x->sum()));
      case R_MEAN: return new at::Tensor(ndims ? x->mean(d, k) : (k ? x->mean(d, k) : x->mean()));
      case R_PROD: {
        at::Tensor r = x->flatten().prod(0);
        if (ndims) { r = *x; for (int i = ndims - 1; i >= 0; i--) r = r.prod(dims[i], k); }
        return new at::Tensor(r);
      }
      case R_AMAX: return new at::Tensor(x->amax(d, k));
      case R_AMIN: return new at::Tensor(x->amin(d, k));
      case R_ANY: return new at::Tensor(ndims == 1 ? x->any(dims[0], k) : x->any());
      case R_ALL: return new at::Tensor(ndims == 1 ? x->all(dims[0], k) : x->all());
      case R_LOGSUMEXP: return new at::Tensor(x->logsumexp(d, k));
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
