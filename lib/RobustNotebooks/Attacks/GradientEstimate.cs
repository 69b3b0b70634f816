using RobustNotebooks.Torch;

namespace RobustNotebooks.Attacks;

/// <summary>What one gradient query returns: the per-example loss (N), the logits the prediction is read
/// from (N×K), and the gradient of the summed loss with respect to the input (null when only evaluated).
/// All three are detached from the graph and belong to the current dispose scope.</summary>
public sealed record GradientEstimate(Tensor Loss, Tensor Logits, Tensor? Gradient);
