namespace RobustNotebooks.Torch;

/// <summary>How a 4-D tensor's elements lie in memory (PyTorch's torch.memory_format). The shape and the
/// indices stay N×C×H×W either way; only the strides differ.</summary>
public enum MemoryFormat
{
    /// <summary>Row-major N, C, H, W (torch.contiguous_format).</summary>
    Contiguous = 0,

    /// <summary>N, H, W, C: a pixel's channels side by side (torch.channels_last). On the CPU, libtorch's
    /// oneDNN convolutions take this layout as it is, where a contiguous one is reordered to a blocked
    /// layout and back at every convolution.</summary>
    ChannelsLast = 1,
}
