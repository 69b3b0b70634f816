namespace RobustNotebooks.Torch;

/// <summary>An error reported by libtorch (a shape, dtype or device mismatch, an out-of-range
/// index...) or by loading it. The message is libtorch's own text.</summary>
public sealed class TorchException(string message) : Exception(message);
