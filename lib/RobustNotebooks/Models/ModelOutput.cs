using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>What a classifier returns: the logits and its named intermediate features
/// (feature maps N×C×H×W or vectors N×D), which the prototype losses and the pictures use.</summary>
public sealed class ModelOutput(Tensor logits, IReadOnlyDictionary<string, Tensor> features) : IDisposable
{
    public Tensor Logits { get; } = logits;

    public IReadOnlyDictionary<string, Tensor> Features { get; } = features;

    public Tensor this[string feature] => Features.TryGetValue(feature, out var f) ? f
        : throw new KeyNotFoundException($"the model has no feature '{feature}'; it has: {string.Join(", ", Features.Keys)}");

    public void Dispose()
    {
        Logits.Dispose();
        foreach (var f in Features.Values) f.Dispose();
    }
}
