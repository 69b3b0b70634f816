namespace RobustNotebooks.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.init: in-place initialisers with PyTorch's formulas. Each runs under
        /// no_grad (so it works on parameters) and returns its argument.</summary>
        public static class init
        {
            /// <summary>(fan_in, fan_out): input/output feature maps times the receptive field size.</summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got {shape.Length})", nameof(tensor));
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            /// <summary>The recommended gain for a nonlinearity (PyTorch's calculate_gain).</summary>
            public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" or "sigmoid" => 1.0,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"Unsupported nonlinearity '{nonlinearity}'", nameof(nonlinearity)),
            };

            private static long Fan(Tensor tensor, string mode)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                return mode switch
                {
                    "fan_in" => fanIn,
                    "fan_out" => fanOut,
                    _ => throw new ArgumentException($"Mode '{mode}' not supported, please use one of fan_in, fan_out", nameof(mode)),
                };
            }

            private static double KaimingStd(Tensor tensor, double a, string mode, string nonlinearity)
            {
                var fan = Fan(tensor, mode);
                return calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
            }

            private static Tensor InPlace(Tensor tensor, Action<Tensor> fill)
            {
                using (no_grad()) fill(tensor);
                return tensor;
            }

            /// <summary>U(-b, b) with b = gain·√(3 / fan) (He et al., 2015).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                if (tensor.numel() == 0) return tensor;
                var bound = Math.Sqrt(3.0) * KaimingStd(tensor, a, mode, nonlinearity);
                return InPlace(tensor, t => t.uniform_(-bound, bound));
            }

            /// <summary>N(0, std²) with std = gain / √fan (He et al., 2015).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                if (tensor.numel() == 0) return tensor;
                var std = KaimingStd(tensor, a, mode, nonlinearity);
                return InPlace(tensor, t => t.normal_(0, std));
            }

            /// <summary>U(-b, b) with b = gain·√(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var bound = Math.Sqrt(3.0) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return InPlace(tensor, t => t.uniform_(-bound, bound));
            }

            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return InPlace(tensor, t => t.normal_(0, std));
            }

            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1) => InPlace(tensor, t => t.normal_(mean, std));

            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1) => InPlace(tensor, t => t.uniform_(a, b));

            public static Tensor zeros_(Tensor tensor) => InPlace(tensor, t => t.zero_());

            public static Tensor ones_(Tensor tensor) => InPlace(tensor, t => t.fill_(1));

            public static Tensor constant_(Tensor tensor, double val) => InPlace(tensor, t => t.fill_(val));
        }
    }
}
