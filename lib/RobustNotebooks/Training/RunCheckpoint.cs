using System.Text.Json;
using System.Text.Json.Serialization;
using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Training;

/// <summary>A run directory's checkpoint. Everything needed to continue lives in one safetensors
/// file (model, prototype-loss and optimizer tensors; config, epoch, optimizer scalars, metrics,
/// seed and versions as JSON metadata) replaced atomically each epoch, so a killed run never leaves
/// a half-written state. checkpoint.json repeats the metadata for people; model.safetensors holds
/// the model weights alone for the next phase or for attacks.</summary>
public static class RunCheckpoint
{
    public const string StateFile = "checkpoint.safetensors";
    public const string InfoFile = "checkpoint.json";
    public const string ModelFile = "model.safetensors";
    private const string MetadataKey = "robustnb";

    // Diverged runs have infinite or NaN losses; they are recorded as such, not refused.
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public sealed record Info(TrainConfig Config, int CompletedEpochs, IReadOnlyDictionary<string, double> OptimizerScalars,
        IReadOnlyDictionary<string, double> SchedulerState, IReadOnlyList<EpochMetrics> Metrics, IReadOnlyDictionary<string, string> Versions);

    public static void Save(string directory, Info info, Module model, Module? loss, OptimizerState optimizer)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>();
        var owned = new List<Tensor>();
        try
        {
            foreach (var (name, t) in model.state_dict()) { tensors["model." + name] = t; owned.Add(t); }
            if (loss is not null)
                foreach (var (name, t) in loss.state_dict()) { tensors["loss." + name] = t; owned.Add(t); }
            foreach (var (name, t) in optimizer.Tensors) tensors["optimizer." + name] = t;
            var json = JsonSerializer.Serialize(info, Json);
            Safetensors.Save(Path.Combine(directory, StateFile), tensors, new Dictionary<string, string> { [MetadataKey] = json });
            model.save(Path.Combine(directory, ModelFile));
            WriteAtomically(Path.Combine(directory, InfoFile), json);
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StateFile));

    /// <summary>Reads the metadata only (to decide whether and where to resume).</summary>
    public static Info ReadInfo(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        var (tensors, metadata) = Safetensors.Load(path);
        foreach (var t in tensors.Values) t.Dispose();
        return ParseInfo(path, metadata);
    }

    /// <summary>Restores model, loss and optimizer tensors from the checkpoint; returns its metadata.</summary>
    public static Info Restore(string directory, Module model, Module? loss, Optimizer optimizer, Device device)
    {
        var path = Path.Combine(directory, StateFile);
        var (tensors, metadata) = Safetensors.Load(path, device);
        try
        {
            var info = ParseInfo(path, metadata);
            model.load_state_dict(Section(tensors, "model."));
            if (loss is not null) loss.load_state_dict(Section(tensors, "loss."));
            var state = new OptimizerState();
            foreach (var (name, t) in Section(tensors, "optimizer.")) state.Tensors[name] = t;
            foreach (var (name, v) in info.OptimizerScalars) state.Scalars[name] = v;
            optimizer.load_state_dict(state);
            return info;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static Dictionary<string, Tensor> Section(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
               .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private static Info ParseInfo(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKey, out var json))
            throw new CheckpointFormatException(path, "__metadata__", $"it has no '{MetadataKey}' entry; this is not a RobustNotebooks training checkpoint");
        try
        {
            return JsonSerializer.Deserialize<Info>(json, Json)
                ?? throw new CheckpointFormatException(path, "__metadata__." + MetadataKey, "the run information is empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, "__metadata__." + MetadataKey, $"not valid run information: {e.Message}");
        }
    }

    internal static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
