// RnTensor lifetime, metadata, host data and factories.
#include "shim.h"

RN_EXPORT void rn_free(RnTensor t) { delete t; }

// Accessors return -1 with the error set when libtorch throws (an undefined or sparse tensor).
RN_EXPORT int64_t rn_dim(RnTensor t) RN_VALUE(t->dim(), -1)

// Writes min(dim, capacity) sizes; returns dim.
RN_EXPORT int64_t rn_sizes(RnTensor t, int64_t* out, int64_t capacity) RN_VALUE(([&] {
  auto sizes = t->sizes();
  for (int64_t i = 0; i < (int64_t)sizes.size() && i < capacity; i++) out[i] = sizes[i];
  return (int64_t)sizes.size();
})(), -1)

// Writes min(dim, capacity) strides (in elements); returns dim.
RN_EXPORT int64_t rn_strides(RnTensor t, int64_t* out, int64_t capacity) RN_VALUE(([&] {
  auto strides = t->strides();
  for (int64_t i = 0; i < (int64_t)strides.size() && i < capacity; i++) out[i] = strides[i];
  return (int64_t)strides.size();
})(), -1)

RN_EXPORT int64_t rn_numel(RnTensor t) RN_VALUE(t->numel(), -1)
RN_EXPORT int32_t rn_dtype(RnTensor t) RN_VALUE((int32_t)t->scalar_type(), -1)
// -1 cpu, N cuda:N; -2 on failure.
RN_EXPORT int32_t rn_device(RnTensor t) RN_VALUE(t->is_cuda() ? (int32_t)t->get_device() : -1, -2)

// Copies host data (size and dtype given) into a new tensor on the device.
RN_EXPORT RnTensor rn_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::from_blob(const_cast<void*>(data), DIMS(shape, ndim), at::TensorOptions().dtype((at::ScalarType)dtype))
              .to(to_device(device), /*non_blocking=*/false, /*copy=*/true))

// Copies the tensor's elements (row-major, its own dtype) into dst, which holds nbytes.
RN_EXPORT int32_t rn_copy_to_host(RnTensor t, void* dst, int64_t nbytes) RN_STATUS({
  auto host = t->detach().to(at::kCPU).contiguous();
  int64_t need = host.numel() * (int64_t)host.element_size();
  TORCH_CHECK(need == nbytes, "copy to host: the buffer holds ", nbytes, " bytes, the tensor ", need);
  if (need) std::memcpy(dst, host.data_ptr(), (size_t)need);
})

RN_EXPORT int32_t rn_item_double(RnTensor t, double* out) RN_STATUS(*out = t->item().toDouble())
RN_EXPORT int32_t rn_item_long(RnTensor t, int64_t* out) RN_STATUS(*out = t->item().toLong())

RN_EXPORT RnTensor rn_to(RnTensor t, int32_t dtype, int32_t device, int32_t copy)
RN_TENSOR(t->to(to_device(device), (at::ScalarType)dtype, /*non_blocking=*/false, copy != 0))

RN_EXPORT RnTensor rn_alias(RnTensor t) RN_TENSOR(*t)
RN_EXPORT RnTensor rn_clone(RnTensor t) RN_TENSOR(t->clone())
RN_EXPORT RnTensor rn_contiguous(RnTensor t) RN_TENSOR(t->contiguous())
// format: 0 contiguous (NCHW), 1 channels last (NHWC), as RobustNotebooks.Torch.MemoryFormat.
static at::MemoryFormat to_memory_format(int32_t format) {
  return format == 1 ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
}
RN_EXPORT RnTensor rn_contiguous_format(RnTensor t, int32_t format) RN_TENSOR(t->contiguous(to_memory_format(format)))
RN_EXPORT int32_t rn_is_contiguous_format(RnTensor t, int32_t format) RN_VALUE(t->is_contiguous(to_memory_format(format)) ? 1 : 0, -1)
RN_EXPORT RnTensor rn_detach(RnTensor t) RN_TENSOR(t->detach())
RN_EXPORT int32_t rn_copy_(RnTensor dst, RnTensor src) RN_STATUS(dst->copy_(*src))
RN_EXPORT int32_t rn_fill_(RnTensor t, RnScalar v) RN_STATUS(t->fill_(to_scalar(v)))
RN_EXPORT int32_t rn_zero_(RnTensor t) RN_STATUS(t->zero_())
RN_EXPORT int32_t rn_uniform_(RnTensor t, double from, double to) RN_STATUS(t->uniform_(from, to))
RN_EXPORT int32_t rn_normal_(RnTensor t, double mean, double std) RN_STATUS(t->normal_(mean, std))
RN_EXPORT int32_t rn_bernoulli_(RnTensor t, double p) RN_STATUS(t->bernoulli_(p))

RN_EXPORT RnTensor rn_zeros(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::zeros(DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_ones(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::ones(DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::empty(DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_full(const int64_t* shape, int32_t ndim, RnScalar value, int32_t dtype, int32_t device)
RN_TENSOR(at::full(DIMS(shape, ndim), to_scalar(value), options(dtype, device)))
RN_EXPORT RnTensor rn_rand(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::rand(DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_randn(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::randn(DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device)
RN_TENSOR(at::randint(low, high, DIMS(shape, ndim), options(dtype, device)))
RN_EXPORT RnTensor rn_randperm(int64_t n, int32_t dtype, int32_t device)
RN_TENSOR(at::randperm(n, options(dtype, device)))
RN_EXPORT RnTensor rn_arange(RnScalar start, RnScalar end, RnScalar step, int32_t dtype, int32_t device)
RN_TENSOR(at::arange(to_scalar(start), to_scalar(end), to_scalar(step), options(dtype, device)))
RN_EXPORT RnTensor rn_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device)
RN_TENSOR(at::linspace(start, end, steps, options(dtype, device)))
RN_EXPORT RnTensor rn_eye(int64_t n, int64_t m, int32_t dtype, int32_t device)
RN_TENSOR(at::eye(n, m, options(dtype, device)))

// A readable rendering, as PyTorch prints it.
RN_EXPORT char* rn_to_string(RnTensor t) {
  rn_clear_error();
  try {
    std::ostringstream os;
    os << *t;
    return strdup(os.str().c_str());
  }
  RN_CATCH
  return nullptr;
}
RN_EXPORT void rn_free_string(char* s) { free(s); }
