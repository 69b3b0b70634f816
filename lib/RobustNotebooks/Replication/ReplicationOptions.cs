using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Replication;

/// <summary>What <c>robustnb replicate</c> runs: which zoo, how many test images, which budgets, where to write.</summary>
public sealed record ReplicationOptions
{
    /// <summary>The zoo (and data set) alias: fmnist, mnist10k, mnist, cifar10, cifar100, svhn.</summary>
    public string Dataset { get; init; } = "fmnist";

    /// <summary>Few images and few iterations: a look at the whole pipeline within minutes.</summary>
    public bool Quick { get; init; }

    /// <summary>What the strong protocol spends per point (default: <see cref="StrongBudget.Reduced"/>, which
    /// fits the paper's tables on 1,000 images into half an hour of a 2-core CPU).</summary>
    public StrongBudget Budget { get; init; } = StrongBudget.Reduced;

    /// <summary>Also evaluate the zoo's models of the seed article's defenses (role defense): adversarial
    /// training, logit pairing, feature denoising. Their strong-protocol run costs several times the paper's
    /// tables, so they are asked for.</summary>
    public bool Defenses { get; init; }

    /// <summary>Test images (the first N, in order); default 1,000, or 100 with <see cref="Quick"/>.</summary>
    public int? Limit { get; init; }

    public string Output { get; init; } = Path.Combine("out", "replicate");

    public string Device { get; init; } = "cpu";

    /// <summary>Seeds every attack's random draws (each attack's own seed) and a randomised model's (through the task's name, <see cref="Evaluation.TaskIdentity"/>).</summary>
    public long Seed { get; init; }

    /// <summary>The L∞ budgets; default: the data set's (0.1, 0.2, 0.3 for MNIST-like), or its first alone with <see cref="Quick"/>.</summary>
    public IReadOnlyList<double>? Eps { get; init; }

    /// <summary>The zoo root; null: <see cref="Zoo.ModelZoo.Root"/>.</summary>
    public string? ZooRoot { get; init; }

    /// <summary>Continue an interrupted replication in <see cref="Output"/>.</summary>
    public bool Resume { get; init; }

    public int BatchSize { get; init; } = 250;

    /// <summary>The command as typed and the checkout's commit, for provenance.</summary>
    public string Command { get; init; } = "";
    public string Commit { get; init; } = "unknown";

    public int Samples => Limit ?? (Quick ? 100 : 1000);
}
