using RobustNotebooks.Nn;

namespace RobustNotebooks.Torch;

public static partial class torch
{
    /// <summary>Layer factories in PyTorch's spelling: <c>torch.nn.Linear(784, 10)</c>.</summary>
    public static partial class nn
    {
        public static Linear Linear(long in_features, long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_features, out_features, hasBias, device, dtype);

        public static Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, kernelSize, stride, padding, dilation, groups, bias, device, dtype);

        public static Conv2d Conv2d(long in_channels, long out_channels, long[] kernelSize, long[]? stride = null, long[]? padding = null,
            long[]? dilation = null, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, kernelSize, stride, padding, dilation, groups, bias, device, dtype);

        public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
            bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
            new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

        public static PReLU PReLU(long num_parameters = 1, double init = 0.25, Device? device = null, ScalarType? dtype = null) =>
            new(num_parameters, init, device, dtype);

        public static ReLU ReLU() => new();

        public static LeakyReLU LeakyReLU(double negative_slope = 0.01) => new(negative_slope);

        public static MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
            new(kernel_size, stride, padding, dilation, ceil_mode);

        public static MaxPool2d MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
            new(kernel_size, stride, padding, dilation, ceil_mode);

        public static AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
            new(kernel_size, stride, padding, ceil_mode, count_include_pad);

        public static AvgPool2d AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true) =>
            new(kernel_size, stride, padding, ceil_mode, count_include_pad);

        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new(output_size);

        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(long[] output_size) => new(output_size);

        public static Flatten Flatten(long startDim = 1, long endDim = -1) => new(startDim, endDim);

        public static Dropout Dropout(double p = 0.5) => new(p);

        public static Identity Identity() => new();

        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        public static ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);
    }
}
