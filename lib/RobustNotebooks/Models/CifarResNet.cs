using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Models;

/// <summary>The CIFAR ResNets: three stages at 32×32, 16×16 and 8×8 with 16, 32, 64 base planes.
/// <list type="bullet">
/// <item><see cref="Official"/>: the PCL repository's "ResNet-110": 18 bottleneck blocks per stage
/// (expansion 4, so really 164 layers), global average pooling to 256-d, a 1024-d linear layer
/// without activation and the classifier (features "pooled" 256-d and "fc" 1024-d carry its loss).</item>
/// <item><see cref="Basic"/>: the standard BasicBlock ResNet-20/56/110 (depth 6n+2).</item>
/// </list></summary>
public sealed class CifarResNet : FeatureClassifier
{
    private readonly InputNormalization normalize;
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Linear? fc;
    private readonly Linear classifier;
    private readonly int numClasses;

    private readonly StageBlocks stageBlocks;

    private CifarResNet(int numClasses, int blocksPerStage, bool bottleneck, int? hiddenDim, IReadOnlyList<float> mean, IReadOnlyList<float> std,
        StageBlockFactory? afterStage)
    {
        this.numClasses = numClasses;
        normalize = new InputNormalization(mean, std);
        stem = new Conv2d(3, 16, 3, padding: 1, bias: false);
        stemNorm = new BatchNorm2d(16);
        long channels = 16;
        var stageChannels = new List<(string, long)>();
        layer1 = MakeStage(ref channels, 16, blocksPerStage, 1, bottleneck);
        stageChannels.Add(("layer1", channels));
        layer2 = MakeStage(ref channels, 32, blocksPerStage, 2, bottleneck);
        stageChannels.Add(("layer2", channels));
        layer3 = MakeStage(ref channels, 64, blocksPerStage, 2, bottleneck);
        stageChannels.Add(("layer3", channels));
        PooledDim = (int)channels;
        if (hiddenDim is int h) fc = new Linear(channels, h);
        classifier = new Linear(hiddenDim ?? channels, numClasses);
        FeatureNames = hiddenDim is null ? ["layer1", "layer2", "layer3", "pooled"] : ["layer1", "layer2", "layer3", "pooled", "fc"];
        RegisterComponents();
        InitialiseLikeOfficialCode();
        // Registered after the model's own initialisation (which would set a denoising block's
        // zero BatchNorm scale back to one).
        stageBlocks = new StageBlocks(this, afterStage, stageChannels);
    }

    /// <summary>The official code's bottleneck network (depth 110 → 18 blocks per stage) with its 1024-d head.</summary>
    public static CifarResNet Official(int numClasses, IReadOnlyList<float> mean, IReadOnlyList<float> std, int depth = 110,
        StageBlockFactory? afterStage = null) =>
        new(numClasses, BlocksPerStage(depth), bottleneck: true, hiddenDim: 1024, mean, std, afterStage);

    /// <summary>A BasicBlock ResNet of depth 6n+2 (20, 56, 110).</summary>
    public static CifarResNet Basic(int depth, int numClasses, IReadOnlyList<float> mean, IReadOnlyList<float> std,
        StageBlockFactory? afterStage = null) =>
        new(numClasses, BlocksPerStage(depth), bottleneck: false, hiddenDim: null, mean, std, afterStage);

    // The official code uses (depth − 2) / 6 for both block types.
    private static int BlocksPerStage(int depth) => (depth - 2) % 6 == 0 && depth >= 8
        ? (depth - 2) / 6
        : throw new ArgumentException($"a CIFAR ResNet depth must be 6n+2 (20, 56, 110...), got {depth}", nameof(depth));

    public int PooledDim { get; }

    public override int NumClasses => numClasses;

    public override IReadOnlyList<string> FeatureNames { get; }

    private static Sequential MakeStage(ref long channels, long planes, int blocks, long stride, bool bottleneck)
    {
        var list = new List<Module<Tensor, Tensor>>();
        for (int i = 0; i < blocks; i++)
        {
            Module<Tensor, Tensor> block = bottleneck
                ? new Bottleneck(channels, planes, i == 0 ? stride : 1)
                : new BasicBlock(channels, planes, i == 0 ? stride : 1);
            channels = bottleneck ? planes * Bottleneck.Expansion : planes;
            list.Add(block);
        }
        return new Sequential(list.ToArray());
    }

    // Conv weights ~ N(0, sqrt(2 / (k·k·out_channels))), BN γ = 1, β = 0; linear layers keep PyTorch's default.
    private void InitialiseLikeOfficialCode()
    {
        using var _ = no_grad();
        foreach (var m in modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: "fan_out", nonlinearity: "relu");
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }

    public override ModelOutput forward(Tensor input)
    {
        using var x = normalize.call(input);
        using var s = stem.call(x);
        using var sn = stemNorm.call(s);
        using var h0 = sn.relu();
        var h1 = stageBlocks.After("layer1", layer1.call(h0));
        var h2 = stageBlocks.After("layer2", layer2.call(h1));
        var h3 = stageBlocks.After("layer3", layer3.call(h2));
        var pooled = h3.mean([2, 3]);
        var features = new Dictionary<string, Tensor> { ["layer1"] = h1, ["layer2"] = h2, ["layer3"] = h3, ["pooled"] = pooled };
        Tensor logits;
        if (fc is not null)
        {
            var hidden = fc.call(pooled);
            features["fc"] = hidden;
            logits = classifier.call(hidden);
        }
        else logits = classifier.call(pooled);
        return new ModelOutput(logits, features);
    }
}
