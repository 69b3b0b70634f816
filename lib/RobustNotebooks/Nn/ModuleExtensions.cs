using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>The chaining members of <see cref="Module"/> (<c>var net = new Net().to(device).eval();</c>).
/// They are extensions so that the result keeps the caller's own type, as in TorchSharp.</summary>
public static class ModuleExtensions
{
    /// <summary>Training mode (on) or evaluation mode (off), here and in every descendant.</summary>
    public static T train<T>(this T module, bool on = true) where T : Module
    {
        module.SetTraining(on);
        return module;
    }

    public static T eval<T>(this T module) where T : Module => module.train(false);

    /// <summary>Moves every parameter and buffer to the device, in place (optimizers stay valid).</summary>
    public static T to<T>(this T module, Device device) where T : Module
    {
        module.ApplyInPlace(t => t.device == device ? null : t.to(device));
        return module;
    }

    /// <summary>Converts the floating-point parameters and buffers to a floating dtype, in place;
    /// integer buffers (num_batches_tracked) keep theirs, as in PyTorch.</summary>
    public static T to<T>(this T module, ScalarType dtype) where T : Module
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Module.to only accepts floating point dtypes, got {dtype.Name()}", nameof(dtype));
        module.ApplyInPlace(t => !t.dtype.IsFloatingPoint() || t.dtype == dtype ? null : t.to(dtype));
        return module;
    }

    /// <summary>Lays every 4-D parameter and buffer out in <paramref name="format"/>, in place (PyTorch's
    /// <c>model.to(memory_format=torch.channels_last)</c>). A convolution whose weight is channels-last
    /// computes in that layout, and the layers after it keep it.</summary>
    public static T to<T>(this T module, MemoryFormat format) where T : Module
    {
        module.ApplyInPlace(t => t.dim() != 4 || t.is_contiguous(format) ? null : t.contiguous(format));
        return module;
    }

    public static T to<T>(this T module, ScalarType dtype, Device device) where T : Module => module.to(device).to(dtype);

    public static T cpu<T>(this T module) where T : Module => module.to(Device.CPU);

    public static T cuda<T>(this T module, int index = 0) where T : Module => module.to(new Device(DeviceType.CUDA, index));

    public static T @double<T>(this T module) where T : Module => module.to(ScalarType.Float64);

    public static T @float<T>(this T module) where T : Module => module.to(ScalarType.Float32);
}
