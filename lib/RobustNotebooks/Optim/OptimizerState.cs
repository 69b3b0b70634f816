using System.Globalization;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Optim;

/// <summary>A snapshot of an optimizer (or anything with tensors and numbers) for checkpoints:
/// tensors such as "state.3.momentum_buffer" and scalars such as "group.0.lr" or "state.3.step".
/// Parameters are numbered across groups in order, as in PyTorch. The tensors returned by
/// <see cref="Optimizer.state_dict"/> alias the live buffers; <see cref="Dispose"/> frees the handles.</summary>
public sealed class OptimizerState : IDisposable
{
    private const string FormatKey = "format";
    private const string FormatValue = "robustnotebooks.optimizer";

    public Dictionary<string, Tensor> Tensors { get; } = new();
    public Dictionary<string, double> Scalars { get; } = new();

    /// <summary>Writes the tensors as safetensors and the scalars (round-trip exact) as its metadata.</summary>
    public void Save(string path)
    {
        var metadata = new Dictionary<string, string> { [FormatKey] = FormatValue };
        foreach (var (k, v) in Scalars) metadata[k] = v.ToString("R", CultureInfo.InvariantCulture);
        Safetensors.Save(path, Tensors, metadata);
    }

    public static OptimizerState Load(string path, Device? device = null)
    {
        var (tensors, metadata) = Safetensors.Load(path, device);
        var state = new OptimizerState();
        foreach (var (k, t) in tensors) state.Tensors[k] = t;
        try
        {
            if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatValue)
                throw new CheckpointFormatException(path, "__metadata__.format", $"expected \"{FormatValue}\" (an optimizer checkpoint), found {(format is null ? "nothing" : $"\"{format}\"")}");
            foreach (var (k, v) in metadata)
            {
                if (k == FormatKey) continue;
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    throw new CheckpointFormatException(path, $"__metadata__.{k}", $"\"{v}\" is not a number");
                state.Scalars[k] = d;
            }
        }
        catch
        {
            state.Dispose();
            throw;
        }
        return state;
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
        Tensors.Clear();
    }
}
