#include "shim.h"

static thread_local std::string last_error;
static thread_local bool has_error = false;

void rn_clear_error() { has_error = false; }

void rn_set_error(const char* message) {
  last_error = message ? message : "(no message)";
  has_error = true;
}

// The message of the last failed call on this thread, or null; valid until the next call.
RN_EXPORT const char* rn_last_error() { return has_error ? last_error.c_str() : nullptr; }

at::Scalar to_scalar(RnScalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.i);
    case 2: return at::Scalar(s.i != 0);
    default: return at::Scalar(s.d);
  }
}

at::Device to_device(int32_t code) {
  return code < 0 ? at::Device(at::kCPU) : at::Device(at::kCUDA, (c10::DeviceIndex)code);
}

at::TensorOptions options(int32_t dtype, int32_t device) {
  return at::TensorOptions().dtype((at::ScalarType)dtype).device(to_device(device));
}

std::vector<at::Tensor> tensor_list(const RnTensor* items, int32_t count) {
  std::vector<at::Tensor> list;
  list.reserve(count);
  for (int32_t i = 0; i < count; i++) list.push_back(*items[i]);
  return list;
}

c10::optional<at::Tensor> optional_tensor(RnTensor t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}
