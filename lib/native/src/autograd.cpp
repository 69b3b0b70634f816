// Autograd: leaf flags, .grad, backward, torch.autograd.grad and the grad mode.
#include "shim.h"
#include <torch/csrc/autograd/autograd.h>

RN_EXPORT int32_t rn_requires_grad(RnTensor t) RN_VALUE(t->requires_grad() ? 1 : 0, -1)
RN_EXPORT int32_t rn_set_requires_grad(RnTensor t, int32_t on) RN_STATUS(t->requires_grad_(on != 0))
RN_EXPORT int32_t rn_is_leaf(RnTensor t) RN_VALUE(t->is_leaf() ? 1 : 0, -1)

// The accumulated gradient in *out, or null when there is none yet.
RN_EXPORT int32_t rn_grad(RnTensor t, RnTensor* out) RN_STATUS({
  const at::Tensor& g = t->grad();
  *out = g.defined() ? new at::Tensor(g) : nullptr;
})

// Sets or clears (g = null) the gradient, with PyTorch's checks (and messages) for `x.grad = g`:
// the same dtype and device type, the same CUDA device, the same size.
RN_EXPORT int32_t rn_set_grad(RnTensor t, RnTensor g) RN_STATUS({
  if (g) {
    TORCH_CHECK(!t->is_same(*g), "can't assign Variable as its own grad");
    TORCH_CHECK(g->options().type_equal(t->options()), "assigned grad has data of a different type");
    TORCH_CHECK(!t->is_cuda() || g->get_device() == t->get_device(), "assigned grad has data located on a different device");
    TORCH_CHECK(g->sizes().equals(t->sizes()), "assigned grad has data of a different size");
  }
  t->mutable_grad() = g ? *g : at::Tensor();
})

RN_EXPORT int32_t rn_backward(RnTensor t, RnTensor gradient, int32_t retain_graph, int32_t create_graph)
RN_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph != 0, create_graph != 0))

// Gradients of sum(outputs * grad_outputs) w.r.t. inputs; out[i] is null for an unused input.
RN_EXPORT int32_t rn_autograd_grad(const RnTensor* outputs, int32_t n_out, const RnTensor* grad_outputs,
                                   const RnTensor* inputs, int32_t n_in, int32_t retain_graph,
                                   int32_t create_graph, int32_t allow_unused, RnTensor* out) RN_STATUS({
  std::vector<at::Tensor> gouts;
  if (grad_outputs)
    for (int32_t i = 0; i < n_out; i++) gouts.push_back(grad_outputs[i] ? *grad_outputs[i] : at::Tensor());
  auto grads = torch::autograd::grad(tensor_list(outputs, n_out), tensor_list(inputs, n_in), gouts,
                                     retain_graph != 0, create_graph != 0, allow_unused != 0);
  for (int32_t i = 0; i < n_in; i++) out[i] = grads[i].defined() ? new at::Tensor(grads[i]) : nullptr;
})

RN_EXPORT int32_t rn_grad_enabled() RN_VALUE(at::GradMode::is_enabled() ? 1 : 0, -1)
RN_EXPORT int32_t rn_set_grad_enabled(int32_t on) RN_STATUS(at::GradMode::set_enabled(on != 0))

// Replaces the tensor's data in place (keeping its identity and requires_grad), as PyTorch's
// param.data = ...: what Module.to(device) uses so optimizers keep pointing at the parameters.
RN_EXPORT int32_t rn_set_data(RnTensor t, RnTensor data) RN_STATUS(t->set_data(*data))
