using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Models;

/// <summary>The 6-conv LeNet++ of the center-loss paper, the likely MNIST/Fashion-MNIST model of
/// the PCL paper: three stages of two 5×5 convolutions with PReLU, each followed by 2×2 max-pooling
/// (32, 64, 128 channels), a fully connected embedding with PReLU, and the classifier.
/// <paramref name="embeddingDim"/> = 2 gives the 2-D penultimate layer that the feature pictures plot.</summary>
public sealed class LeNetPlusPlus : FeatureClassifier
{
    private readonly InputNormalization normalize;
    private readonly Sequential stage1;
    private readonly Sequential stage2;
    private readonly Sequential stage3;
    private readonly Linear embedding;
    private readonly PReLU embeddingActivation;
    private readonly Linear classifier;
    private readonly int numClasses;

    /// <param name="afterStage">blocks to insert after stage1, stage2 or stage3 (feature denoising).</param>
    public LeNetPlusPlus(int numClasses = 10, int embeddingDim = 128, int inChannels = 1, int imageSize = 28,
        IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null, StageBlockFactory? afterStage = null)
    {
        if (imageSize % 8 != 0 && imageSize != 28)
            throw new ArgumentException($"LeNet++ needs an image size that survives three 2×2 poolings, got {imageSize}");
        this.numClasses = numClasses;
        EmbeddingDim = embeddingDim;
        normalize = new InputNormalization(mean ?? Enumerable.Repeat(0.5f, inChannels).ToArray(), std ?? Enumerable.Repeat(0.5f, inChannels).ToArray());
        stage1 = Stage(inChannels, 32);
        stage2 = Stage(32, 64);
        stage3 = Stage(64, 128);
        var side = imageSize / 8;
        embedding = new Linear(128 * side * side, embeddingDim);
        embeddingActivation = new PReLU();
        classifier = new Linear(embeddingDim, numClasses);
        RegisterComponents();
        InitialiseForPReLU();
        // Registered after the model's own initialisation, which therefore leaves them as they are.
        stageBlocks = new StageBlocks(this, afterStage, [("stage1", 32), ("stage2", 64), ("stage3", 128)]);
        // Channels-last weights: libtorch's oneDNN convolutions then skip the reorder to their blocked layout
        // and back at every call (on this 2-core CPU a forward pass takes about half the time, a PGD-7
        // training step four fifths). The stage features come out channels-last; their values are the same.
        this.to(MemoryFormat.ChannelsLast);
    }

    private readonly StageBlocks stageBlocks;

    // With PyTorch's default init (variance 1/(3·fan_in)) the signal shrinks by about a third per layer
    // through eight weight layers without normalisation, and SGD sits at ln(10) for hundreds of steps.
    // Kaiming-normal init for the PReLU slope (0.25) keeps the variance and the network trains at once.
    // The classifier keeps PyTorch's small default init so the first logits are near zero (loss ln K).
    private void InitialiseForPReLU()
    {
        using var _ = no_grad();
        foreach (var m in modules())
        {
            if (ReferenceEquals(m, classifier)) continue;
            var (weight, bias) = m switch
            {
                Conv2d c => (c.weight, c.bias),
                Linear l => (l.weight, l.bias),
                _ => (null, null),
            };
            if (weight is null) continue;
            nn.init.kaiming_normal_(weight, a: 0.25, mode: "fan_in", nonlinearity: "leaky_relu");
            if (bias is not null) nn.init.zeros_(bias);
        }
    }

    public int EmbeddingDim { get; }

    public override int NumClasses => numClasses;

    public override IReadOnlyList<string> FeatureNames { get; } = ["stage1", "stage2", "stage3", "penultimate"];

    private static Sequential Stage(long inChannels, long outChannels) => new(
        new Conv2d(inChannels, outChannels, 5, padding: 2), new PReLU(),
        new Conv2d(outChannels, outChannels, 5, padding: 2), new PReLU(),
        new MaxPool2d(2));

    public override ModelOutput forward(Tensor input)
    {
        using var x = normalize.call(input);
        var h1 = stageBlocks.After("stage1", stage1.call(x));
        var h2 = stageBlocks.After("stage2", stage2.call(h1));
        var h3 = stageBlocks.After("stage3", stage3.call(h2));
        using var flat = h3.flatten(1);
        using var embedded = embedding.call(flat);
        var penultimate = embeddingActivation.call(embedded);
        var logits = classifier.call(penultimate);
        return new ModelOutput(logits, new Dictionary<string, Tensor>
        {
            ["stage1"] = h1, ["stage2"] = h2, ["stage3"] = h3, ["penultimate"] = penultimate,
        });
    }
}
