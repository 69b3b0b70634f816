using System.Security.Cryptography;

namespace RobustNotebooks.Data;

/// <summary>What is on disk for one data set: which files are present, missing, verified by checksum,
/// unverifiable (no checksum known) or damaged.</summary>
public sealed class DatasetStatus
{
    public enum FileState { Missing, Verified, Unverified, Mismatch }

    public sealed record FileReport(DatasetFile File, string Path, FileState State, string Detail);

    public DatasetInfo Info { get; }
    public IReadOnlyList<FileReport> Files { get; }

    public bool Complete => Files.All(f => f.State is FileState.Verified or FileState.Unverified);
    public bool Damaged => Files.Any(f => f.State == FileState.Mismatch);

    public string Summary =>
        Damaged ? "checksum mismatch"
        : Complete ? (Files.All(f => f.State == FileState.Verified) ? "ready (verified)" : "ready (no official SHA-256 to verify against)")
        : Files.All(f => f.State == FileState.Missing) ? "missing"
        : $"incomplete ({Files.Count(f => f.State == FileState.Missing)} of {Files.Count} files missing)";

    private DatasetStatus(DatasetInfo info, IReadOnlyList<FileReport> files)
    {
        Info = info;
        Files = files;
    }

    /// <param name="verify">compute checksums (reads every file); false only checks presence</param>
    public static DatasetStatus Check(DatasetInfo info, string root, bool verify = true)
    {
        var reports = new List<FileReport>();
        foreach (var file in info.Files)
        {
            var path = info.Locate(root, file);
            if (path is null)
            {
                reports.Add(new(file, Path.Combine(root, info.Folder, file.Name), FileState.Missing, $"get it from {file.Source}"));
                continue;
            }
            if (!verify || (file.Sha256 is null && file.ContentSha256 is null))
            {
                reports.Add(new(file, path, FileState.Unverified, verify ? "no checksum known" : "present"));
                continue;
            }
            reports.Add(Verify(file, path));
        }
        return new DatasetStatus(info, reports);
    }

    private static FileReport Verify(DatasetFile file, string path)
    {
        try
        {
            byte[] raw = File.ReadAllBytes(path);
            string hash = Convert.ToHexStringLower(SHA256.HashData(raw));
            if (hash == file.Sha256) return new(file, path, FileState.Verified, "SHA-256 matches");
            if (file.ContentSha256 is not null)
            {
                // A re-compressed or decompressed copy of the same data: compare what is inside.
                var content = DataFile.IsGzip(raw) ? DataFile.Gunzip(path, raw) : raw;
                if (Convert.ToHexStringLower(SHA256.HashData(content)) == file.ContentSha256)
                    return new(file, path, FileState.Verified, "SHA-256 of the decompressed content matches");
            }
            return new(file, path, FileState.Mismatch, $"SHA-256 {hash} differs from the expected {file.Sha256 ?? file.ContentSha256}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFormatException)
        {
            return new(file, path, FileState.Mismatch, e.Message);
        }
    }
}
