using System.Text.Json;
using System.Text.Json.Serialization;
using RobustNotebooks.Defenses;
using RobustNotebooks.Losses;

namespace RobustNotebooks.Training;

/// <summary>Everything that defines a training run; saved with every checkpoint, so a run can be
/// resumed or repeated exactly.</summary>
public sealed record TrainConfig
{
    public string Dataset { get; init; } = "fmnist";
    public string Model { get; init; } = "lenetpp";
    /// <summary>"softmax" (cross-entropy only) or "pcl" (cross-entropy plus the prototype loss).</summary>
    public string Loss { get; init; } = "softmax";
    public string PclVariant { get; init; } = "official";
    /// <summary>Layers that carry the prototype loss, "feature" or "feature:headDim".</summary>
    public IReadOnlyList<string> PclLayers { get; init; } = ["stage3", "penultimate"];
    public double WeightProximity { get; init; } = 1.0;
    public double WeightContrast { get; init; } = 1e-4;
    public double LrProximity { get; init; } = 0.5;
    public double LrContrast { get; init; } = 1e-4;
    /// <summary>The paper variant's weight and prototype learning rate.</summary>
    public double PaperWeight { get; init; } = 0.1;
    public double PaperLrPrototypes { get; init; } = 0.01;

    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    /// <summary>Epochs (0-based) at which every learning rate (model and prototypes) is multiplied by
    /// <see cref="LrGamma"/>. The official PCL code declares such a schedule but, by writing the wrong
    /// key, never applies it; here it is applied.</summary>
    public IReadOnlyList<int> LrMilestones { get; init; } = [];
    public double LrGamma { get; init; } = 0.1;
    /// <summary>Clip the global gradient norm of the model and heads (0 = off). Needed for PCL on
    /// networks without BatchNorm, whose first PCL steps otherwise diverge.</summary>
    public double ClipGradNorm { get; init; }
    /// <summary>Random crop with this padding and horizontal flips (CIFAR-style augmentation).</summary>
    public bool Augment { get; init; }
    public int EmbeddingDim { get; init; } = 128;

    /// <summary>Adversarial training: none, fgsm, fgsm-rs, pgd or trades (see <see cref="AdversarialTraining"/>,
    /// which documents every setting below and its defaults).</summary>
    public string Adversarial { get; init; } = "none";
    public double AdvEps { get; init; } = 0.1;
    public double? AdvEpsMin { get; init; }
    public int? AdvSteps { get; init; }
    public double? AdvStepSize { get; init; }
    public bool? AdvRandomStart { get; init; }
    public double? AdvCleanWeight { get; init; }
    /// <summary>λ of adversarial logit pairing (0 = off).</summary>
    public double AlpWeight { get; init; }
    public double TradesBeta { get; init; } = Trades.DefaultBeta;
    /// <summary>Feature-denoising blocks, e.g. "stage2,stage3:nonlocal-gaussian" (see <see cref="FeatureDenoising"/>).</summary>
    public string? Denoise { get; init; }

    public long Seed { get; init; } = 1;
    /// <summary>Use only the first N training (and N test) images: quick modes and tests.</summary>
    public int? Limit { get; init; }
    public string Device { get; init; } = "cpu";
    /// <summary>A run directory whose final model weights start this run (phase 2 from phase 1).</summary>
    public string? From { get; init; }

    [JsonIgnore]
    public bool IsPcl => Loss == "pcl";

    [JsonIgnore]
    public AdversarialTraining AdversarialTraining => new()
    {
        Method = Adversarial, Eps = AdvEps, EpsMin = AdvEpsMin, Steps = AdvSteps, StepSize = AdvStepSize,
        RandomStart = AdvRandomStart, CleanWeight = AdvCleanWeight, LogitPairing = AlpWeight, TradesBeta = TradesBeta,
    };

    // Settings are compared by value, lists included (a record compares lists by reference).
    public bool Equals(TrainConfig? other) => other is not null && Canonical == other.Canonical;

    public override int GetHashCode() => Canonical.GetHashCode();

    private string Canonical => JsonSerializer.Serialize(this, RunCheckpoint.Json);
}
