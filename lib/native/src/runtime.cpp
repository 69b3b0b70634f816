// Versions, threads, seeds and CUDA discovery.
#include "shim.h"
#include <dlfcn.h>
#include <malloc.h>
#include <mutex>
#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

RN_EXPORT int32_t rn_shim_version() { return RN_SHIM_VERSION; }

// The libtorch version the shim was compiled against, e.g. "1.13.1".
RN_EXPORT const char* rn_torch_version() { return TORCH_VERSION; }

// Loads libtorch_cuda when it sits beside libtorch_cpu; nothing references its symbols, so
// without this CUDA would silently report unavailable. Returns 1 when it was loaded.
RN_EXPORT int32_t rn_load_cuda() RN_VALUE(([] {
  Dl_info info;
  if (!dladdr((void*)&at::get_num_threads, &info) || !info.dli_fname) return 0;
  std::string path(info.dli_fname);
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  return dlopen((dir + "libtorch_cuda.so").c_str(), RTLD_NOW | RTLD_GLOBAL) ? 1 : 0;
})(), 0)

RN_EXPORT int32_t rn_cuda_is_available() {
  try { return torch::cuda::is_available() ? 1 : 0; } catch (...) { return 0; }
}

RN_EXPORT int32_t rn_cuda_device_count() {
  try { return (int32_t)torch::cuda::device_count(); } catch (...) { return 0; }
}

RN_EXPORT int32_t rn_cuda_synchronize(int32_t device) RN_STATUS(torch::cuda::synchronize(device))

RN_EXPORT int32_t rn_manual_seed(int64_t seed) RN_STATUS(torch::manual_seed((uint64_t)seed))

// The state of the default generator of a device (-1 cpu, N cuda:N) as a uint8 tensor, and back:
// what torch.random.fork_rng saves and restores so a seeded computation leaves the caller's stream as it was.
RN_EXPORT RnTensor rn_get_rng_state(int32_t device) RN_TENSOR(at::globalContext().defaultGenerator(to_device(device)).get_state())

RN_EXPORT int32_t rn_set_rng_state(int32_t device, RnTensor state) RN_STATUS({
  auto gen = at::globalContext().defaultGenerator(to_device(device));
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(*state);
})

RN_EXPORT int32_t rn_set_num_threads(int32_t n) RN_STATUS(at::set_num_threads(n))

RN_EXPORT int32_t rn_get_num_threads() RN_VALUE(at::get_num_threads(), -1)

// Keeps freed host memory in the process instead of handing it back to the kernel (glibc's mallopt):
// allocations up to mmap_threshold bytes come from the heap, and up to trim_threshold bytes of free heap
// stay mapped. With glibc's defaults every training or attack step returns its activations' pages to the
// kernel when it frees them and faults them in, zeroed, again in the next step; on the 2-core machine
// that was about 40 % of an adversarial-training step. Returns 1 when applied, 0 without glibc.
RN_EXPORT int32_t rn_keep_freed_memory(int64_t mmap_threshold, int64_t trim_threshold) {
#ifdef __GLIBC__
  return mallopt(M_MMAP_THRESHOLD, (int)mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, (int)trim_threshold) == 1 ? 1 : 0;
#else
  (void)mmap_threshold;
  (void)trim_threshold;
  return 0;
#endif
}
