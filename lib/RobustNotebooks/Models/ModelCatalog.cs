using RobustNotebooks.Data;
using RobustNotebooks.Nn;

namespace RobustNotebooks.Models;

/// <summary>The models by command-line name, built for a data set's shape and statistics.</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<string> Names { get; } =
        ["lenetpp", "lenetpp2d", "resnet110-pcl", "resnet20", "resnet56", "resnet110"];

    /// <param name="name">lenetpp (LeNet++ with an <paramref name="embeddingDim"/>-d penultimate layer),
    /// lenetpp2d (its 2-D version for pictures), resnet110-pcl (the official PCL code's bottleneck
    /// "ResNet-110" with its 1024-d head), resnet20/56/110 (BasicBlock CIFAR ResNets)</param>
    /// <param name="afterStage">blocks inserted after stages (stage1..3 of LeNet++, layer1..3 of the ResNets)</param>
    public static FeatureClassifier Create(string name, int numClasses, int channels, int imageSize,
        ChannelStatistics statistics, int embeddingDim = 128, StageBlockFactory? afterStage = null) => name switch
    {
        "lenetpp" => new LeNetPlusPlus(numClasses, embeddingDim, channels, imageSize, statistics.Mean, statistics.Std, afterStage),
        "lenetpp2d" => new LeNetPlusPlus(numClasses, 2, channels, imageSize, statistics.Mean, statistics.Std, afterStage),
        "resnet110-pcl" => CifarResNet.Official(numClasses, statistics.Mean, statistics.Std, afterStage: afterStage),
        "resnet20" => CifarResNet.Basic(20, numClasses, statistics.Mean, statistics.Std, afterStage),
        "resnet56" => CifarResNet.Basic(56, numClasses, statistics.Mean, statistics.Std, afterStage),
        "resnet110" => CifarResNet.Basic(110, numClasses, statistics.Mean, statistics.Std, afterStage),
        _ => throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>The dimension of each feature (channels of a map, length of a vector), probed with one
    /// forward pass on a blank image.</summary>
    public static IReadOnlyDictionary<string, long> FeatureDims(FeatureClassifier model, int channels, int imageSize)
    {
        using var scope = Torch.torch.NewDisposeScope();
        using var _ = Torch.torch.no_grad();
        var wasTraining = model.training;
        model.train(false);
        try
        {
            var device = model.parameters().First().device;
            var output = model.forward(Torch.torch.zeros([1, channels, imageSize, imageSize], device: device));
            return output.Features.ToDictionary(kv => kv.Key, kv => kv.Value.size(1));
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
