using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Losses;

/// <summary>G_φ: maps a feature map (N×C×H×W) to a vector by global average pooling, or passes a
/// vector through, then optionally applies a linear layer.</summary>
public sealed class FeatureHead : Module<Tensor, Tensor>
{
    private readonly Linear? linear;

    public FeatureHead(long inputDim, int? outputDim)
    {
        InputDim = inputDim;
        OutputDim = outputDim ?? inputDim;
        if (outputDim is int d) linear = new Linear(inputDim, d);
        RegisterComponents();
    }

    public long InputDim { get; }

    public long OutputDim { get; }

    public override Tensor forward(Tensor feature)
    {
        var pooled = feature.dim() switch
        {
            4 => feature.mean([2, 3]),
            2 => feature.alias(),
            _ => throw new ArgumentException($"a PCL feature must be N×C×H×W or N×D, got shape [{string.Join(", ", feature.shape)}]"),
        };
        if (linear is null) return pooled;
        using (pooled) return linear.call(pooled);
    }
}
