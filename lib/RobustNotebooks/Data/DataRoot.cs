namespace RobustNotebooks.Data;

/// <summary>Where data sets live: <c>$ROBUSTNB_DATA</c> when set, else the <c>data/</c> folder of the
/// repository, found by walking up from the running assembly and then from the current directory
/// (notebooks and tests run from different places inside the repository).</summary>
public static class DataRoot
{
    public const string EnvironmentVariable = "ROBUSTNB_DATA";
    private const string RepositoryMarker = "RobustNotebooks.sln";

    public static string Resolve()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        var repository = FindRepositoryRoot()
            ?? throw new InvalidOperationException(
                $"cannot find the data root: no {RepositoryMarker} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; set {EnvironmentVariable}");
        return Path.Combine(repository, "data");
    }

    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, RepositoryMarker))) return dir.FullName;
        }
        return null;
    }
}
