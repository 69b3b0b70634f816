// Views, indexing, joins and splits.
#include "shim.h"
#include "small_tensor.h"

#include <cstring>

RN_EXPORT RnTensor rn_view(RnTensor x, const int64_t* shape, int32_t n) RN_TENSOR(x->view(DIMS(shape, n)))
RN_EXPORT RnTensor rn_reshape(RnTensor x, const int64_t* shape, int32_t n) RN_TENSOR(x->reshape(DIMS(shape, n)))
RN_EXPORT RnTensor rn_expand(RnTensor x, const int64_t* shape, int32_t n) RN_TENSOR(x->expand(DIMS(shape, n)))
RN_EXPORT RnTensor rn_repeat(RnTensor x, const int64_t* times, int32_t n) RN_TENSOR(x->repeat(DIMS(times, n)))
RN_EXPORT RnTensor rn_permute(RnTensor x, const int64_t* dims, int32_t n) RN_TENSOR(x->permute(DIMS(dims, n)))
RN_EXPORT RnTensor rn_flip(RnTensor x, const int64_t* dims, int32_t n) RN_TENSOR(x->flip(DIMS(dims, n)))
RN_EXPORT RnTensor rn_transpose(RnTensor x, int64_t a, int64_t b) RN_TENSOR(x->transpose(a, b))
RN_EXPORT RnTensor rn_squeeze(RnTensor x, int64_t dim, int32_t has_dim) RN_TENSOR(has_dim ? x->squeeze(dim) : x->squeeze())
RN_EXPORT RnTensor rn_unsqueeze(RnTensor x, int64_t dim) RN_TENSOR(x->unsqueeze(dim))
RN_EXPORT RnTensor rn_flatten(RnTensor x, int64_t start, int64_t end) RN_TENSOR(x->flatten(start, end))
RN_EXPORT RnTensor rn_narrow(RnTensor x, int64_t dim, int64_t start, int64_t length) RN_TENSOR(x->narrow(dim, start, length))
RN_EXPORT RnTensor rn_slice(RnTensor x, int64_t dim, int64_t start, int64_t end, int64_t step) RN_TENSOR(x->slice(dim, start, end, step))
RN_EXPORT RnTensor rn_select(RnTensor x, int64_t dim, int64_t index) RN_TENSOR(x->select(dim, index))
// index_select from a tiny 1-D tensor (small_tensor.h): a copy of the chosen elements, any dtype. An
// index out of range takes the general path, which reports it as libtorch does.
static c10::optional<at::Tensor> small_index_select(const at::Tensor& x, int64_t dim, const at::Tensor& index) {
  if (x.dim() != 1 || (dim != 0 && dim != -1) || !is_small_dense(x) || !is_small_dense(index) || index.dim() != 1 ||
      index.scalar_type() != at::kLong || !small_result_allowed())
    return c10::nullopt;
  const int64_t n = x.numel(), k = index.numel();
  const int64_t* at = index.data_ptr<int64_t>();
  for (int64_t i = 0; i < k; i++)
    if (at[i] < 0 || at[i] >= n) return c10::nullopt;
  auto out = empty_small({k}, x.scalar_type());
  const size_t size = x.element_size();
  auto* from = static_cast<const char*>(x.data_ptr());
  auto* to = static_cast<char*>(out.data_ptr());
  for (int64_t i = 0; i < k; i++) std::memcpy(to + i * size, from + at[i] * size, size);
  return out;
}

RN_EXPORT RnTensor rn_index_select(RnTensor x, int64_t dim, RnTensor index)
RN_TENSOR(fast_or(small_index_select(*x, dim, *index), [&] { return x->index_select(dim, *index); }))
RN_EXPORT RnTensor rn_gather(RnTensor x, int64_t dim, RnTensor index) RN_TENSOR(x->gather(dim, *index))
RN_EXPORT RnTensor rn_scatter(RnTensor x, int64_t dim, RnTensor index, RnTensor src) RN_TENSOR(x->scatter(dim, *index, *src))
RN_EXPORT RnTensor rn_scatter_value(RnTensor x, int64_t dim, RnTensor index, RnScalar value) RN_TENSOR(x->scatter(dim, *index, to_scalar(value)))
RN_EXPORT RnTensor rn_scatter_add(RnTensor x, int64_t dim, RnTensor index, RnTensor src) RN_TENSOR(x->scatter_add(dim, *index, *src))
RN_EXPORT int32_t rn_index_copy_(RnTensor x, int64_t dim, RnTensor index, RnTensor src) RN_STATUS(x->index_copy_(dim, *index, *src))
RN_EXPORT RnTensor rn_index_copy(RnTensor x, int64_t dim, RnTensor index, RnTensor src) RN_TENSOR(x->index_copy(dim, *index, *src))
RN_EXPORT RnTensor rn_masked_fill(RnTensor x, RnTensor mask, RnScalar value) RN_TENSOR(x->masked_fill(*mask, to_scalar(value)))
RN_EXPORT int32_t rn_masked_fill_(RnTensor x, RnTensor mask, RnScalar value) RN_STATUS(x->masked_fill_(*mask, to_scalar(value)))
RN_EXPORT RnTensor rn_masked_select(RnTensor x, RnTensor mask) RN_TENSOR(x->masked_select(*mask))
RN_EXPORT RnTensor rn_nonzero(RnTensor x) RN_TENSOR(x->nonzero())
RN_EXPORT RnTensor rn_cat(const RnTensor* items, int32_t count, int64_t dim) RN_TENSOR(at::cat(tensor_list(items, count), dim))
RN_EXPORT RnTensor rn_stack(const RnTensor* items, int32_t count, int64_t dim) RN_TENSOR(at::stack(tensor_list(items, count), dim))

// Splits into pieces of the given sizes along dim; out receives `count` handles.
RN_EXPORT int32_t rn_split_with_sizes(RnTensor x, const int64_t* sizes, int32_t count, int64_t dim, RnTensor* out) RN_STATUS({
  auto parts = x->split_with_sizes(DIMS(sizes, count), dim);
  for (int32_t i = 0; i < count; i++) out[i] = new at::Tensor(parts[i]);
})
