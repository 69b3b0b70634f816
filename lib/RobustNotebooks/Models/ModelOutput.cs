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

    /// <summary>Examples start..start+length of the logits and of every feature (views, new handles
    /// the caller owns): the clean and adversarial halves of one forward pass over both.</summary>
    public ModelOutput Rows(long start, long length) =>
        new(Logits.narrow(0, start, length), Features.ToDictionary(kv => kv.Key, kv => kv.Value.narrow(0, start, length)));

    public void Dispose()
    {
        Logits.Dispose();
        foreach (var f in Features.Values) f.Dispose();
    }
}
