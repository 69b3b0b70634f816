namespace RobustNotebooks.Torch;

/// <summary>A checkpoint file that is not valid safetensors: truncated, a bad header, an unknown
/// dtype, offsets that do not fit. The message names the file and the field at fault.</summary>
public sealed class CheckpointFormatException : Exception
{
    public string FilePath { get; }
    public string Field { get; }

    public CheckpointFormatException(string path, string field, string problem, Exception? inner = null)
        : base($"'{path}' is not a valid safetensors file: {field}: {problem}", inner)
    {
        FilePath = path;
        Field = field;
    }
}
