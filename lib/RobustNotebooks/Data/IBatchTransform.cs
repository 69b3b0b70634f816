using RobustNotebooks.Torch;

namespace RobustNotebooks.Data;

/// <summary>A transform applied to a whole batch tensor (B×C×H×W) on its device. Random transforms
/// draw from their own seeded <see cref="DataRandom"/>, one draw per sample, so a run is reproducible
/// whatever the tensor engine's generator does.</summary>
public interface IBatchTransform
{
    /// <summary>Returns a new tensor; the input is left untouched.</summary>
    Tensor Apply(Tensor images);
}
