using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>A preprocessing applied to [0, 1] images before a classifier sees them (JPEG, random
/// resize and pad, bit-depth reduction, ...). Attacks read <see cref="IsRandomized"/> and
/// <see cref="IsDifferentiable"/> to choose EOT (averaging gradients over random draws) and BPDA
/// (an identity backward through a non-differentiable step).</summary>
public interface IInputTransform
{
    /// <summary>A short name with its settings, e.g. "jpeg:75", used in results tables.</summary>
    string Name { get; }

    /// <summary>True when two calls on the same input may differ (draws from libtorch's generator).</summary>
    bool IsRandomized { get; }

    /// <summary>False when the output carries no useful gradient to the input (a detached result,
    /// or a step function whose gradient is zero almost everywhere).</summary>
    bool IsDifferentiable { get; }

    /// <summary>Images N×C×H×W in [0, 1] to images in [0, 1] (the spatial size may change).</summary>
    Tensor Apply(Tensor images);
}
