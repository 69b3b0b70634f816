// nn.functional: layers, activations, pooling, losses, resizing.
#include "shim.h"

RN_EXPORT RnTensor rn_conv2d(RnTensor x, RnTensor w, RnTensor b, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int64_t groups)
RN_TENSOR(at::conv2d(*x, *w, optional_tensor(b), DIMS(stride, 2), DIMS(padding, 2), DIMS(dilation, 2), groups))

RN_EXPORT RnTensor rn_linear(RnTensor x, RnTensor w, RnTensor b) RN_TENSOR(at::linear(*x, *w, optional_tensor(b)))

RN_EXPORT RnTensor rn_batch_norm(RnTensor x, RnTensor weight, RnTensor bias, RnTensor running_mean, RnTensor running_var,
                               int32_t training, double momentum, double eps)
RN_TENSOR(at::batch_norm(*x, optional_tensor(weight), optional_tensor(bias), optional_tensor(running_mean),
                         optional_tensor(running_var), training != 0, momentum, eps, /*cudnn_enabled=*/true))

RN_EXPORT RnTensor rn_prelu(RnTensor x, RnTensor w) RN_TENSOR(at::prelu(*x, *w))
RN_EXPORT RnTensor rn_leaky_relu(RnTensor x, double slope) RN_TENSOR(at::leaky_relu(*x, slope))
RN_EXPORT RnTensor rn_softmax(RnTensor x, int64_t dim) RN_TENSOR(x->softmax(dim))
RN_EXPORT RnTensor rn_log_softmax(RnTensor x, int64_t dim) RN_TENSOR(x->log_softmax(dim))
RN_EXPORT RnTensor rn_dropout(RnTensor x, double p, int32_t training) RN_TENSOR(at::dropout(*x, p, training != 0))

RN_EXPORT RnTensor rn_max_pool2d(RnTensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               const int64_t* dilation, int32_t ceil_mode)
RN_TENSOR(at::max_pool2d(*x, DIMS(kernel, 2), DIMS(stride, 2), DIMS(padding, 2), DIMS(dilation, 2), ceil_mode != 0))

RN_EXPORT RnTensor rn_avg_pool2d(RnTensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                               int32_t ceil_mode, int32_t count_include_pad)
RN_TENSOR(at::avg_pool2d(*x, DIMS(kernel, 2), DIMS(stride, 2), DIMS(padding, 2), ceil_mode != 0, count_include_pad != 0))

RN_EXPORT RnTensor rn_adaptive_avg_pool2d(RnTensor x, const int64_t* size) RN_TENSOR(at::adaptive_avg_pool2d(*x, DIMS(size, 2)))

// reduction: 0 none, 1 mean, 2 sum (at::Reduction).
RN_EXPORT RnTensor rn_cross_entropy(RnTensor logits, RnTensor target, RnTensor weight, int64_t reduction,
                                  int64_t ignore_index, double label_smoothing)
RN_TENSOR(at::cross_entropy_loss(*logits, *target, optional_tensor(weight), reduction, ignore_index, label_smoothing))

RN_EXPORT RnTensor rn_nll_loss(RnTensor logp, RnTensor target, RnTensor weight, int64_t reduction, int64_t ignore_index)
RN_TENSOR(at::nll_loss_nd(*logp, *target, optional_tensor(weight), reduction, ignore_index))

RN_EXPORT RnTensor rn_mse_loss(RnTensor a, RnTensor b, int64_t reduction) RN_TENSOR(at::mse_loss(*a, *b, reduction))

RN_EXPORT RnTensor rn_kl_div(RnTensor input, RnTensor target, int64_t reduction, int32_t log_target)
RN_TENSOR(at::kl_div(*input, *target, reduction, log_target != 0))

// mode 0 nearest, 1 bilinear; the output size is given (the C# side derives it from a scale).
RN_EXPORT RnTensor rn_interpolate(RnTensor x, const int64_t* size, int32_t mode, int32_t align_corners) {
  rn_clear_error();
  try {
    TORCH_CHECK(x->dim() == 4, "interpolate expects a 4-D input (N, C, H, W), got ", x->dim(), " dimensions");
    if (mode == 0) return new at::Tensor(at::upsample_nearest2d(*x, DIMS(size, 2), c10::nullopt, c10::nullopt));
    TORCH_CHECK(mode == 1, "unknown interpolation mode ", mode);
    return new at::Tensor(at::upsample_bilinear2d(*x, DIMS(size, 2), align_corners != 0, c10::nullopt, c10::nullopt));
  }
  RN_CATCH
  return nullptr;
}

// mode 0 constant, 1 reflect, 2 replicate; pad lists (left, right, top, bottom, ...) as in PyTorch.
RN_EXPORT RnTensor rn_pad(RnTensor x, const int64_t* pad, int32_t n, int32_t mode, double value) {
  rn_clear_error();
  try {
    switch (mode) {
      case 0: return new at::Tensor(at::constant_pad_nd(*x, DIMS(pad, n), value));
      case 1: TORCH_CHECK(n == 4, "reflect padding takes 4 values"); return new at::Tensor(at::reflection_pad2d(*x, DIMS(pad, n)));
      case 2: TORCH_CHECK(n == 4, "replicate padding takes 4 values"); return new at::Tensor(at::replication_pad2d(*x, DIMS(pad, n)));
    }
    TORCH_CHECK(false, "unknown padding mode ", mode);
  }
  RN_CATCH
  return nullptr;
}

RN_EXPORT RnTensor rn_one_hot(RnTensor x, int64_t num_classes) RN_TENSOR(at::one_hot(*x, num_classes))
