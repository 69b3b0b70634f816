namespace RobustNotebooks.Data;

/// <summary>A data set whose files are not in the data root. The message lists the missing files,
/// the folder they belong in and where they officially come from, so the user can fix it in one step.</summary>
public sealed class DatasetMissingException : FileNotFoundException
{
    public string Dataset { get; }
    public IReadOnlyList<string> MissingFiles { get; }

    public DatasetMissingException(string dataset, string message, IReadOnlyList<string> missingFiles)
        : base(message, missingFiles.Count > 0 ? missingFiles[0] : null)
    {
        Dataset = dataset;
        MissingFiles = missingFiles;
    }
}
