namespace RobustNotebooks.Display;

/// <summary>
/// Finds plotly.js (npm package plotly.js-dist-min) and inlines it into HTML, so figures draw offline.
/// A notebook's outputs form one page, so plotly.js is inlined only into the first figure output of the
/// process; later outputs reuse <c>window.Plotly</c>.
/// </summary>
public static class PlotlyJs
{
    /// <summary>Environment variable naming plotly.min.js (or the folder holding it).</summary>
    public const string EnvironmentVariable = "ROBUSTNB_PLOTLYJS";

    private const string PackageFile = "node_modules/plotly.js-dist-min/plotly.min.js";
    private static readonly Lock Gate = new();
    private static (string Path, string Script)? _cache;
    private static bool _inlinedThisSession;

    /// <summary>The path of plotly.min.js, or a <see cref="FileNotFoundException"/> that says where it looked and how to fix it.</summary>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var file = Directory.Exists(configured) ? Path.Combine(configured, "plotly.min.js") : configured;
            return File.Exists(file) ? Path.GetFullPath(file)
                : throw new FileNotFoundException($"{EnvironmentVariable} is set to '{configured}', but '{file}' does not exist.", file);
        }
        // The library's own folder first: notebooks load it from artifacts/notebook inside the repository.
        var starts = new[] { Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location) is { Length: > 0 } own ? own : AppContext.BaseDirectory, AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, PackageFile);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException(
            $"plotly.js was not found: set {EnvironmentVariable} to the path of plotly.min.js, or run `npm install` at the " +
            $"repository root so that {PackageFile} exists in a folder above '{string.Join("', '", starts.Distinct())}'.", PackageFile);
    }

    /// <summary>The plotly.js source (read once per path and kept: it is ~4.8 MB).</summary>
    public static string Script()
    {
        var path = Locate();
        lock (Gate)
        {
            if (_cache is not { } cache || cache.Path != path) _cache = cache = (path, File.ReadAllText(path));
            return cache.Script;
        }
    }

    /// <summary>
    /// A script element that defines <c>window.Plotly</c> unless the page already has it, so several
    /// figures pasted into one page load plotly.js once.
    /// </summary>
    public static string GuardedScriptElement() =>
        // "</script" inside the source would end the element early; "<\/script" means the same to JavaScript.
        "<script type=\"text/javascript\">if (typeof window.Plotly === 'undefined') {\n"
        + Script().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
        + "\n}</script>";

    /// <summary>
    /// The guarded script element the first time it is asked for in this process, then an empty string:
    /// what a notebook session needs, because all its outputs end up in one page.
    /// </summary>
    public static string ScriptElementOncePerSession()
    {
        lock (Gate)
        {
            if (_inlinedThisSession) return "";
            var element = GuardedScriptElement();
            _inlinedThisSession = true;
            return element;
        }
    }

    /// <summary>True once plotly.js has been inlined into a notebook output in this process.</summary>
    public static bool InlinedThisSession
    {
        get { lock (Gate) return _inlinedThisSession; }
    }

    /// <summary>Makes the next figure output inline plotly.js again, e.g. after its first output was cleared.</summary>
    public static void ResetSession()
    {
        lock (Gate) _inlinedThisSession = false;
    }
}
