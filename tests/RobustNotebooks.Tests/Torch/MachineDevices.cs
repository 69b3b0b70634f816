namespace RobustNotebooks.Tests.Torch;

/// <summary>What this machine offers, found without asking our own engine: an NVIDIA device node and a
/// libtorch with its CUDA library beside the CPU one (the library our shim loaded, read from the
/// process's memory map). Tests that depend on CUDA compare the engine's answer with this.</summary>
public static class MachineDevices
{
    public static bool HasNvidiaDevice => File.Exists("/dev/nvidia0") || File.Exists("/dev/nvidiactl");

    public static bool LibtorchHasCuda
    {
        get
        {
            _ = RobustNotebooks.Torch.torch.__version__;  // loads the shim and its libtorch
            var cpu = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libtorch_cpu.so", StringComparison.Ordinal));
            return cpu is not null && File.Exists(Path.Combine(Path.GetDirectoryName(cpu)!, "libtorch_cuda.so"));
        }
    }

    public static bool HasCuda => HasNvidiaDevice && LibtorchHasCuda;
}
