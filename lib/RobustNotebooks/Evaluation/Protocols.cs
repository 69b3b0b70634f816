using RobustNotebooks.Attacks;
using RobustNotebooks.Models;

namespace RobustNotebooks.Evaluation;

/// <summary>The two evaluation protocols and their per-data-set budgets.</summary>
public static class Protocols
{
    /// <summary>The official PCL code's attacks and settings (paper.md §4.1): each attack alone.</summary>
    public const string Paper = "paper";

    /// <summary>APGD-CE, targeted APGD-DLR, Square (and the adaptive attacks a model calls for), each on
    /// the points still standing, per-example worst case.</summary>
    public const string Strong = "strong";

    /// <summary>The protocols this build can run.</summary>
    public static IReadOnlyList<string> Names { get; } = [Paper, Strong];

    /// <summary>The L∞ budgets of the literature per data set id: MNIST-like 0.1, 0.2, 0.3; CIFAR and
    /// SVHN 8/255.</summary>
    public static IReadOnlyList<double> DefaultEps(string datasetId) => datasetId.ToLowerInvariant() switch
    {
        "mnist" or "fashion-mnist" or "mnist10k" => [0.1, 0.2, 0.3],
        "cifar-10" or "cifar-100" or "svhn" => [8.0 / 255],
        _ => throw new ArgumentException($"no default ε for data set '{datasetId}'; pass the budgets (--eps)", nameof(datasetId)),
    };

    public const string Audit = "audit";

    /// <summary>The tasks of one protocol for one model over the budgets. <paramref name="keys"/> keeps only
    /// the attacks with these keys (those the protocol does not know are ignored; null keeps all); a
    /// protocol left with no attack gives no task. <paramref name="budget"/> sizes the strong protocol
    /// (null: AutoAttack's).</summary>
    public static IReadOnlyList<EvaluationTask> Tasks(string protocol, EvaluatedModel model,
        IReadOnlyList<double> eps, long seed, IReadOnlyCollection<string>? keys = null, StrongBudget? budget = null)
    {
        var known = Keys(protocol);
        var chosen = keys?.Where(k => known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (chosen is { Count: 0 }) return [];
        return eps.Select(e => protocol == Paper ? PaperProtocol.Task(e, seed, chosen) : StrongProtocol.Task(model, e, seed, chosen, budget)).ToList();
    }

    /// <summary>The keys of a protocol's attacks (what --attacks names).</summary>
    public static IReadOnlyList<string> Keys(string protocol) => protocol switch
    {
        Paper => PaperProtocol.Attacks.Select(a => a.Key).Distinct().ToList(),
        Strong => StrongProtocol.Attacks.Select(a => a.Key).Distinct().ToList(),
        _ => throw new ArgumentException($"unknown protocol '{protocol}'; known: {string.Join(", ", Names)}", nameof(protocol)),
    };

    /// <summary>The audit's large-budget run: PGD-20 with a random start (through BPDA/EOT where the model
    /// needs them) at ε = <paramref name="eps"/>, where a working attack leaves about nothing correct.</summary>
    public static EvaluationTask LargeEpsTask(FeatureClassifier model, double eps, long seed) =>
        new(Audit, eps, CompositionMode.Each,
            [new PlannedAttack(new Pgd { Steps = 20, RelativeStepSize = 0.1, Gradient = GradientFor(model), Seed = seed }, AttackFamily.Iterative)]);

    /// <summary>The gradient a white-box attack should use on this model: BPDA across a non-differentiable
    /// input transform, EOT (20 draws, AutoAttack's "rand" version) over a randomised one.</summary>
    public static GradientEstimator GradientFor(FeatureClassifier model)
    {
        if (model is not TransformedClassifier defended) return GradientEstimator.Backprop;
        var inner = defended.Transform.IsDifferentiable ? GradientEstimator.Backprop : new StraightThrough();
        return defended.Transform.IsRandomized ? new ExpectationOverTransformation(20, inner) : inner;
    }

    /// <summary>The protocol's attack factories whose key is in <paramref name="keys"/> (all when null), in
    /// protocol order; an unknown key is an error naming the known ones.</summary>
    internal static IEnumerable<TFactory> Select<TFactory>(IReadOnlyList<(string Key, TFactory Create)> attacks,
        IReadOnlyCollection<string>? keys, string protocol)
    {
        if (keys is not null)
        {
            var unknown = keys.FirstOrDefault(k => attacks.All(a => !string.Equals(a.Key, k, StringComparison.OrdinalIgnoreCase)));
            if (unknown is not null)
                throw new ArgumentException($"the {protocol} protocol has no attack '{unknown}'; it has {string.Join(", ", attacks.Select(a => a.Key).Distinct())}", nameof(keys));
        }
        return attacks.Where(a => keys is null || keys.Contains(a.Key, StringComparer.OrdinalIgnoreCase)).Select(a => a.Create);
    }
}
