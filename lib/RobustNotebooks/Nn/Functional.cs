using RobustNotebooks.Nn;

namespace RobustNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.functional: stateless layers, activations, pooling and losses.</summary>
        public static unsafe class functional
        {
            private static long[] Pair(long[] values, string name) => values.Length switch
            {
                1 => [values[0], values[0]],
                2 => values,
                _ => throw new ArgumentException($"{name} takes one or two values, got {values.Length}", name),
            };

            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null,
                long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                var s = Pair(stride ?? [1], nameof(stride));
                var p = Pair(padding ?? [0], nameof(padding));
                var d = Pair(dilation ?? [1], nameof(dilation));
                fixed (long* sp = s, pp = p, dp = d)
                    return new(Native.rn_conv2d(input.Ref, weight.Ref, bias?.Ref ?? default, sp, pp, dp, groups));
            }

            /// <summary>input · weightᵀ + bias.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                new(Native.rn_linear(input.Ref, weight.Ref, bias?.Ref ?? default));

            /// <summary>Normalises per channel; in training it uses (and updates, with momentum) the running statistics.</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
                Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(Native.rn_batch_norm(input.Ref, weight?.Ref ?? default, bias?.Ref ?? default, running_mean?.Ref ?? default,
                    running_var?.Ref ?? default, training ? 1 : 0, momentum, eps));

            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor prelu(Tensor x, Tensor weight) => new(Native.rn_prelu(x.Ref, weight.Ref));
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01) => new(Native.rn_leaky_relu(x.Ref, negative_slope));
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor softmax(Tensor x, long dim) => new(Native.rn_softmax(x.Ref, dim));
            public static Tensor log_softmax(Tensor x, long dim) => new(Native.rn_log_softmax(x.Ref, dim));
            public static Tensor dropout(Tensor x, double p = 0.5, bool training = true)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
                return new(Native.rn_dropout(x.Ref, p, training ? 1 : 0));
            }

            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernel_size, nameof(kernel_size));
                var s = Pair(stride ?? k, nameof(stride));
                var p = Pair(padding ?? [0], nameof(padding));
                var d = Pair(dilation ?? [1], nameof(dilation));
                fixed (long* kp = k, sp = s, pp = p, dp = d)
                    return new(Native.rn_max_pool2d(input.Ref, kp, sp, pp, dp, ceil_mode ? 1 : 0));
            }

            public static Tensor max_pool2d(Tensor input, long kernel_size) => max_pool2d(input, [kernel_size]);

            public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                bool ceil_mode = false, bool count_include_pad = true)
            {
                var k = Pair(kernel_size, nameof(kernel_size));
                var s = Pair(stride ?? k, nameof(stride));
                var p = Pair(padding ?? [0], nameof(padding));
                fixed (long* kp = k, sp = s, pp = p)
                    return new(Native.rn_avg_pool2d(input.Ref, kp, sp, pp, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0));
            }

            public static Tensor avg_pool2d(Tensor input, long kernel_size) => avg_pool2d(input, [kernel_size]);

            public static Tensor adaptive_avg_pool2d(Tensor input, params long[] output_size)
            {
                var o = Pair(output_size, nameof(output_size));
                fixed (long* op = o) return new(Native.rn_adaptive_avg_pool2d(input.Ref, op));
            }

            /// <summary>Cross-entropy of logits (N×C) against class indexes (N), with optional class weights
            /// and label smoothing.</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
                long ignore_index = -100, double label_smoothing = 0.0) =>
                new(Native.rn_cross_entropy(input.Ref, target.Ref, weight?.Ref ?? default, (long)reduction, ignore_index, label_smoothing));

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
                long ignore_index = -100) =>
                new(Native.rn_nll_loss(input.Ref, target.Ref, weight?.Ref ?? default, (long)reduction, ignore_index));

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(Native.rn_mse_loss(input.Ref, target.Ref, (long)reduction));

            /// <summary>KL(target ‖ exp(input)) with input given as log-probabilities, as torch's kl_div.</summary>
            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false) =>
                new(Native.rn_kl_div(input.Ref, target.Ref, (long)reduction, log_target ? 1 : 0));

            /// <summary>Resizes an N×C×H×W batch to <paramref name="size"/> or by <paramref name="scale_factor"/>;
            /// mode "nearest" or "bilinear".</summary>
            public static Tensor interpolate(Tensor input, long[]? size = null, double? scale_factor = null,
                string mode = "nearest", bool align_corners = false)
            {
                var modeCode = mode switch
                {
                    "nearest" => 0,
                    "bilinear" => 1,
                    _ => throw new ArgumentException($"interpolate: mode '{mode}' is not supported; use \"nearest\" or \"bilinear\"", nameof(mode)),
                };
                if (size is null == scale_factor is null)
                    throw new ArgumentException("interpolate: give exactly one of size and scale_factor");
                if (input.dim() != 4)
                    throw new TorchException($"interpolate expects a 4-D input (N, C, H, W), got {input.dim()} dimensions");
                var outSize = size is not null ? Pair(size, nameof(size))
                    : [(long)Math.Floor(input.size(2) * scale_factor!.Value), (long)Math.Floor(input.size(3) * scale_factor.Value)];
                fixed (long* sp = outSize) return new(Native.rn_interpolate(input.Ref, sp, modeCode, align_corners ? 1 : 0));
            }

            /// <summary>Pads the last dimensions; pad lists (left, right, top, bottom, ...) as in PyTorch;
            /// mode "constant", "reflect" or "replicate".</summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0)
            {
                var modeCode = mode switch
                {
                    "constant" => 0,
                    "reflect" => 1,
                    "replicate" => 2,
                    _ => throw new ArgumentException($"pad: mode '{mode}' is not supported; use constant, reflect or replicate", nameof(mode)),
                };
                fixed (long* pp = pad) return new(Native.rn_pad(input.Ref, pp, pad.Length, modeCode, value));
            }

            public static Tensor one_hot(Tensor x, long num_classes = -1) => new(Native.rn_one_hot(x.Ref, num_classes));
        }
    }
}
