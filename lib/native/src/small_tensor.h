// Tiny dense CPU tensors skip libtorch's dispatcher. For a handful of elements libtorch spends about
// 2 µs per op on dispatch, type promotion and building a TensorIterator (wrapping a scalar operand in a
// tensor first), whatever the size; a plain loop over the elements takes tens of nanoseconds. The fast
// paths (math.cpp, shape.cpp) take only operands whose result they can give bit for bit as libtorch
// does: float or double, contiguous, on the CPU, no autograd (nothing requires grad, no inference
// mode), and ops that are one IEEE operation per element. Everything else takes the general path.
#pragma once
#include <ATen/ATen.h>
#include <ATen/EmptyTensor.h>
#include <c10/core/InferenceMode.h>

constexpr int64_t kSmallTensor = 64;

// Whether t is a tiny dense tensor a fast path may read and write as a plain array.
inline bool is_small_dense(const at::Tensor& t) {
  return t.defined() && t.device().is_cpu() && t.layout() == at::kStrided && !t.requires_grad() &&
         t.numel() <= kSmallTensor && t.is_contiguous() && !t.is_neg() && !t.is_conj() && !t.is_quantized() &&
         !t.has_names();
}

inline bool is_small_float(const at::Tensor& t) {
  return is_small_dense(t) && (t.scalar_type() == at::kFloat || t.scalar_type() == at::kDouble);
}

// An out-of-place result may skip autograd's bookkeeping only outside inference mode, where libtorch
// itself would mark it an inference tensor.
inline bool small_result_allowed() { return !c10::InferenceMode::is_enabled(); }

// A new contiguous CPU tensor, without the dispatcher's round trip.
inline at::Tensor empty_small(at::IntArrayRef sizes, at::ScalarType dtype) {
  return at::detail::empty_cpu(sizes, dtype);
}

// The fast path's result when it took the operands, else the general path's.
template <typename General>
at::Tensor fast_or(c10::optional<at::Tensor> fast, General general) {
  return fast ? std::move(*fast) : general();
}
