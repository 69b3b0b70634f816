namespace RobustNotebooks.Data;

/// <summary>A data set's identity, folder under the data root, official files and their provenance.</summary>
/// <param name="Id">command-line and API key, e.g. "fashion-mnist"</param>
/// <param name="Name">display name carried by every loaded set, e.g. "Fashion-MNIST"</param>
/// <param name="Folder">folder under the data root</param>
/// <param name="Homepage">the publisher's page</param>
/// <param name="Archive">the official download when files come packed (URL and MD5), else null</param>
/// <param name="OnThisMachine">how <c>robustnb data prepare</c> obtains it locally, or null when it must be downloaded by hand</param>
public sealed record DatasetInfo(
    string Id,
    string Name,
    string Folder,
    string Homepage,
    string? Archive,
    string? OnThisMachine,
    IReadOnlyList<DatasetFile> Files)
{
    public IEnumerable<DatasetFile> FilesFor(DataSplit split) => Files.Where(f => f.Split is null || f.Split == split);

    /// <summary>Where a file lies: the catalogued name, or for IDX files the same name without ".gz"
    /// (the reader detects gzip by its magic bytes, not by the name).</summary>
    public string? Locate(string root, DatasetFile file)
    {
        var path = Path.Combine(root, Folder, file.Name);
        if (File.Exists(path)) return path;
        if (file.Name.EndsWith(".gz", StringComparison.Ordinal))
        {
            var plain = path[..^3];
            if (File.Exists(plain)) return plain;
        }
        return null;
    }

    /// <summary>The paths of the files a split needs, or a <see cref="DatasetMissingException"/>
    /// naming the missing ones, where they go and where they come from.</summary>
    public IReadOnlyDictionary<string, string> Require(string root, DataSplit split)
    {
        var found = new Dictionary<string, string>();
        var missing = new List<DatasetFile>();
        foreach (var file in FilesFor(split))
        {
            var path = Locate(root, file);
            if (path is null) missing.Add(file); else found[file.Name] = path;
        }
        if (missing.Count == 0) return found;
        var folder = Path.Combine(root, Folder);
        var lines = new List<string>
        {
            $"{Name} ({split.ToString().ToLowerInvariant()}) is not installed: {missing.Count} file(s) missing from {folder}:",
        };
        lines.AddRange(missing.Select(f => $"  {f.Name}   (official source: {f.Source})"));
        if (Archive is not null) lines.Add($"Official download: {Archive}; unpack its files into {folder}.");
        if (OnThisMachine is not null) lines.Add($"On this machine: {OnThisMachine}.");
        lines.Add($"The data root is {root} (set {DataRoot.EnvironmentVariable} to use another); see data/README.md.");
        throw new DatasetMissingException(Name, string.Join(Environment.NewLine, lines), missing.Select(f => Path.Combine(folder, f.Name)).ToList());
    }
}
