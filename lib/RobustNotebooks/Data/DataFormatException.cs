namespace RobustNotebooks.Data;

/// <summary>A data file that does not follow its format: truncated, wrong magic number, counts that
/// disagree, labels out of range, a corrupt compressed stream. The message names the file and the fault.</summary>
public sealed class DataFormatException : Exception
{
    public string FilePath { get; }

    public DataFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
    }
}
