namespace RobustNotebooks.Nn;

/// <summary>What <see cref="Module.load_state_dict"/> did not match (non-strict loads).</summary>
public sealed record LoadStateDictResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);
