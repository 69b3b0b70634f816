// The flat C ABI over libtorch that the C# side calls. Every export catches everything
// (c10::Error, std::exception and ...), stores the message in a thread-local slot and returns
// a null handle or a non-zero status, so no input can take the process down.
#pragma once
#include <ATen/ATen.h>
#include <cstdint>
#include <string>
#include <vector>

#define RN_EXPORT extern "C" __attribute__((visibility("default")))

// Bumped whenever an export's signature changes; the C# side refuses a shim of another version.
#define RN_SHIM_VERSION 1

using RnTensor = at::Tensor*;

// A scalar as it crosses the boundary: kind 0 = floating, 1 = integer, 2 = boolean.
struct RnScalar {
  double d;
  int64_t i;
  int32_t kind;
};

void rn_clear_error();
void rn_set_error(const char* message);
at::Scalar to_scalar(RnScalar s);
at::Device to_device(int32_t code);  // -1 cpu, N >= 0 cuda:N
at::TensorOptions options(int32_t dtype, int32_t device);
std::vector<at::Tensor> tensor_list(const RnTensor* items, int32_t count);
c10::optional<at::Tensor> optional_tensor(RnTensor t);

#define RN_CATCH                                                         \
  catch (const c10::Error& e) { rn_set_error(e.what_without_backtrace()); } \
  catch (const std::exception& e) { rn_set_error(e.what()); }              \
  catch (...) { rn_set_error("unknown C++ exception inside libtorch"); }

// Returns a new handle owning the result, or null with the error set.
#define RN_TENSOR(expr)                      \
  {                                          \
    rn_clear_error();                        \
    try { return new at::Tensor(expr); }     \
    RN_CATCH                                 \
    return nullptr;                          \
  }

// Runs statements; returns 0 on success, -1 with the error set.
#define RN_STATUS(body)            \
  {                                \
    rn_clear_error();              \
    try { body; return 0; }        \
    RN_CATCH                       \
    return -1;                     \
  }

// For accessors that return a value: the value, or `failed` with the error set. The error is not
// cleared first (these run on every shape or dtype read); callers read it only after a failure.
#define RN_VALUE(expr, failed)        \
  {                                   \
    try { return (expr); }            \
    RN_CATCH                          \
    return (failed);                  \
  }

#define DIMS(p, n) at::IntArrayRef((p), (size_t)(n))
