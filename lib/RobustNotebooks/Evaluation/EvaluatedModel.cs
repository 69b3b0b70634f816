using RobustNotebooks.Losses;
using RobustNotebooks.Models;

namespace RobustNotebooks.Evaluation;

/// <summary>A model under evaluation with the names results use. The evaluator does not own it.</summary>
/// <param name="Name">the model column of the results (no commas or line breaks)</param>
/// <param name="Sha256">SHA-256 of its weights file, for provenance (null for an in-memory model)</param>
/// <param name="Source">where it came from (a run directory), for provenance</param>
/// <param name="Pcl">its PCL layers and prototypes when it was trained with PCL: the strong protocol then adds
/// the adaptive attacks on the prototype distances</param>
public sealed record EvaluatedModel(string Name, FeatureClassifier Model, string? Sha256 = null, string? Source = null,
    PrototypeConformityLoss? Pcl = null);
