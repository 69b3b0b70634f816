using System.Security.Cryptography;
using RobustNotebooks.Data;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Training;

/// <summary>A trained model read back from its run directory (checkpoint.safetensors for the
/// configuration and, for PCL runs, the prototypes; model.safetensors for the weights), in eval mode,
/// with the SHA-256 of its weights file for provenance.</summary>
public sealed class RunModel : IDisposable
{
    private RunModel(string directory, TrainConfig config, FeatureClassifier model, PrototypeConformityLoss? pcl, string sha256)
    {
        Directory = directory;
        Config = config;
        Model = model;
        Pcl = pcl;
        Sha256 = sha256;
    }

    public string Directory { get; }

    /// <summary>The run directory's last folder name: the model's name in results tables.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory)));

    public TrainConfig Config { get; }

    public FeatureClassifier Model { get; }

    /// <summary>The trained prototype loss (heads and prototypes) of a PCL run; null for softmax runs.</summary>
    public PrototypeConformityLoss? Pcl { get; }

    /// <summary>SHA-256 (lower-case hex) of model.safetensors.</summary>
    public string Sha256 { get; }

    /// <param name="classCount">classes of the data set the model is evaluated on (must match the run's)</param>
    public static RunModel Load(string directory, int classCount, int channels, int imageSize, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var target = device ?? Device.CPU;
        var weights = Path.Combine(directory, RunCheckpoint.ModelFile);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"model run directory {directory} does not exist");
        if (!RunCheckpoint.Exists(directory) || !File.Exists(weights))
            throw new FileNotFoundException($"{directory} is not a training run directory: it needs {RunCheckpoint.StateFile} and {RunCheckpoint.ModelFile} (written by robustnb train)", weights);
        var info = RunCheckpoint.ReadInfo(directory);
        var config = info.Config;
        var dataset = Trainer.ResolveDataset(config.Dataset);
        var model = Trainer.CreateModel(config, classCount, channels, imageSize, ChannelStatistics.For(dataset.Id));
        PrototypeConformityLoss? pcl = null;
        try
        {
            model.load(weights);
            if (config.IsPcl)
            {
                pcl = Trainer.CreatePcl(config, model, classCount, channels, imageSize);
                var (tensors, _) = Safetensors.Load(Path.Combine(directory, RunCheckpoint.StateFile));
                try
                {
                    pcl.load_state_dict(tensors.Where(kv => kv.Key.StartsWith("loss.", StringComparison.Ordinal))
                        .ToDictionary(kv => kv.Key["loss.".Length..], kv => kv.Value));
                }
                finally
                {
                    foreach (var t in tensors.Values) t.Dispose();
                }
                pcl = pcl.to(target);
                pcl.eval();
            }
            model = model.to(target);
            model.eval();
        }
        catch
        {
            model.Dispose();
            pcl?.Dispose();
            throw;
        }
        return new RunModel(directory, config, model, pcl, HashFile(weights));
    }

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        Model.Dispose();
        Pcl?.Dispose();
    }
}
