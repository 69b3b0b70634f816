using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>Asked once per stage of a model while it is built (stage name as in
/// <see cref="FeatureClassifier.FeatureNames"/>, channels of that stage's output); a returned module
/// runs on the stage's output before the next stage sees it, null leaves the stage as it is. This is
/// how the Defenses layer inserts feature-denoising blocks without the models knowing about them.
/// The model owns the returned module and leaves its initialisation alone.</summary>
public delegate Module<Tensor, Tensor>? StageBlockFactory(string stage, long channels);
