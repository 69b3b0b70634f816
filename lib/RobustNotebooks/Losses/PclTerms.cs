using RobustNotebooks.Torch;

namespace RobustNotebooks.Losses;

/// <summary>One evaluation of a prototype loss: the weighted total to add to the cross-entropy,
/// and each unweighted term by name (e.g. "penultimate/proximity"), all kept as tensors so a training
/// step never waits on the device.</summary>
public sealed class PclTerms(Tensor total, IReadOnlyDictionary<string, Tensor> terms) : IDisposable
{
    public Tensor Total { get; } = total;

    public IReadOnlyDictionary<string, Tensor> Terms { get; } = terms;

    public void Dispose()
    {
        Total.Dispose();
        foreach (var t in Terms.Values) t.Dispose();
    }
}
