namespace RobustNotebooks.Data;

/// <summary>One official file of a data set as it lies in the data set's folder.</summary>
/// <param name="Name">file name inside the data set's folder</param>
/// <param name="Split">the split that needs it; null when both do (class-name files)</param>
/// <param name="Source">where it officially comes from (a URL, or an archive and the member in it)</param>
/// <param name="Sha256">SHA-256 of the file, known only for files we have checksummed ourselves</param>
/// <param name="ContentSha256">SHA-256 of the decompressed bytes of a gzip file, so a re-compressed copy
/// (Debian's Fashion-MNIST differs from upstream's .gz, not in content) still verifies</param>
/// <param name="OfficialMd5">the publisher's MD5 of the downloadable file, where published</param>
public sealed record DatasetFile(
    string Name,
    DataSplit? Split,
    string Source,
    string? Sha256 = null,
    string? ContentSha256 = null,
    string? OfficialMd5 = null);
