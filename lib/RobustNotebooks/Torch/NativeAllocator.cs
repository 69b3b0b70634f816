namespace RobustNotebooks.Torch;

/// <summary>How the process's malloc treats the host memory libtorch frees. By glibc's defaults each step
/// of a training or an attack hands its activations' pages back to the kernel when it frees them and
/// faults them in again, zeroed, in the next step: on the 2-core development machine that was about 40 %
/// of an adversarial-training step, in PyTorch eager as in ours. When the shim loads it therefore asks
/// malloc (mallopt) to serve allocations up to <see cref="MmapThreshold"/> from its heap and to keep up
/// to <see cref="TrimThreshold"/> of free heap for reuse. The price: the process's resident memory stays
/// near its peak instead of shrinking between steps.</summary>
public static class NativeAllocator
{
    /// <summary>Host allocations up to this size come from malloc's heap instead of a fresh mapping each
    /// (glibc's largest: half its 64 MiB heap); a LeNet++ activation of 250 Fashion-MNIST images is 25 MB.</summary>
    public const long MmapThreshold = 32L << 20;

    /// <summary>Free heap kept mapped for the next step instead of returned to the kernel.</summary>
    public const long TrimThreshold = 1L << 30;

    /// <summary>Whether the shim sets these: yes, unless ROBUSTNB_MALLOC=default asks for glibc's own
    /// behaviour or GLIBC_TUNABLES already sets malloc's parameters.</summary>
    public static bool KeepsFreedMemory =>
        Environment.GetEnvironmentVariable("ROBUSTNB_MALLOC") != "default" &&
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("glibc.malloc.") != true;
}
