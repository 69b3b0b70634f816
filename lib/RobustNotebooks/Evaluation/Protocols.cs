namespace RobustNotebooks.Evaluation;

/// <summary>The two evaluation protocols and their per-data-set budgets.</summary>
public static partial class Protocols
{
    /// <summary>The official PCL code's attacks and settings (paper.md §4.1): each attack alone.</summary>
    public const string Paper = "paper";

    /// <summary>APGD-CE, targeted APGD-DLR, Square (and the adaptive attacks a model calls for), each on
    /// the points still standing, per-example worst case.</summary>
    public const string Strong = "strong";

    public static IReadOnlyList<string> Names { get; } = [Paper, Strong];

    /// <summary>The L∞ budgets of the literature per data set id: MNIST-like 0.1, 0.2, 0.3; CIFAR and
    /// SVHN 8/255.</summary>
    public static IReadOnlyList<double> DefaultEps(string datasetId) => datasetId.ToLowerInvariant() switch
    {
        "mnist" or "fashion-mnist" or "mnist10k" => [0.1, 0.2, 0.3],
        "cifar-10" or "cifar-100" or "svhn" => [8.0 / 255],
        _ => throw new ArgumentException($"no default ε for data set '{datasetId}'; pass the budgets (--eps)", nameof(datasetId)),
    };
}
