using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Devices;

/// <summary>The device the device tests run on: ROBUSTNB_TEST_DEVICE (e.g. "cuda"), set by
/// scripts/gpu-check.sh on a GPU machine. Unset, those tests are skipped: CI has no GPU.</summary>
public static class TestDevice
{
    public const string Variable = "ROBUSTNB_TEST_DEVICE";

    public static string? Name => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? name : null;

    /// <summary>The requested device; asking for CUDA on a machine without it fails the test rather than
    /// skipping it, so a broken CUDA build cannot pass as "skipped".</summary>
    public static Device Device
    {
        get
        {
            var device = Device.Parse(Name ?? throw new InvalidOperationException($"{Variable} is not set"));
            if (device.Type == DeviceType.CUDA && !torch.cuda.is_available())
                throw new InvalidOperationException($"{Variable}={Name} but this libtorch build sees no CUDA device");
            return device;
        }
    }
}

/// <summary>A theory that runs only when <see cref="TestDevice"/> names a device.</summary>
public sealed class DeviceTheoryAttribute : TheoryAttribute
{
    public DeviceTheoryAttribute()
    {
        if (TestDevice.Name is null) Skip = $"set {TestDevice.Variable} (e.g. cuda) to run the engine on another device";
    }
}

/// <summary>A fact that runs only when <see cref="TestDevice"/> names a device.</summary>
public sealed class DeviceFactAttribute : FactAttribute
{
    public DeviceFactAttribute()
    {
        if (TestDevice.Name is null) Skip = $"set {TestDevice.Variable} (e.g. cuda) to run the engine on another device";
    }
}
