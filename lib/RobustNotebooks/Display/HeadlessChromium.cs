using System.Diagnostics;
using System.Text;

namespace RobustNotebooks.Display;

/// <summary>
/// Runs Debian's chromium headless to screenshot or render a local HTML page. Always bounded by a timeout
/// after which the whole process tree is killed, because a browser waiting on a closed network never ends.
/// </summary>
public static class HeadlessChromium
{
    public const string EnvironmentVariable = "ROBUSTNB_CHROMIUM";
    private const string DefaultPath = "/usr/bin/chromium";

    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Path of the chromium executable, or a <see cref="FileNotFoundException"/> saying how to get one.</summary>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? configured
                : throw new FileNotFoundException($"{EnvironmentVariable} is set to '{configured}', which does not exist.", configured);
        if (File.Exists(DefaultPath)) return DefaultPath;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new FileNotFoundException(
            $"Chromium was not found at {DefaultPath} or on PATH: install it (`apt-get install -y chromium`) or set {EnvironmentVariable} to a Chromium executable.",
            DefaultPath);
    }

    /// <summary>Renders <paramref name="htmlPath"/> at width×height CSS pixels and writes a PNG.</summary>
    /// <param name="virtualTimeMs">Page time granted for scripts to run before the shot is taken.</param>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height, int virtualTimeMs = 10_000, TimeSpan? timeout = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Screenshot size must be positive, got {width}×{height}.");
        var target = Path.GetFullPath(pngPath);
        File.Delete(target);
        var result = Run([$"--screenshot={target}", $"--window-size={width},{height}", "--hide-scrollbars", "--force-device-scale-factor=1",
            $"--virtual-time-budget={virtualTimeMs}", PageUrl(htmlPath)], timeout ?? DefaultTimeout);
        if (!File.Exists(target) || new FileInfo(target).Length == 0)
            throw new InvalidOperationException($"Chromium exited with code {result.ExitCode} without writing {target}.\n{Tail(result.Errors)}");
    }

    /// <summary>The page's DOM, serialised after scripts have run for <paramref name="virtualTimeMs"/> of page time.</summary>
    public static string DumpDom(string htmlPath, int virtualTimeMs = 10_000, TimeSpan? timeout = null)
    {
        var result = Run(["--dump-dom", "--window-size=1000,800", $"--virtual-time-budget={virtualTimeMs}", PageUrl(htmlPath)], timeout ?? DefaultTimeout);
        if (result.Output.Length == 0)
            throw new InvalidOperationException($"Chromium exited with code {result.ExitCode} and printed no DOM.\n{Tail(result.Errors)}");
        return result.Output;
    }

    private static string PageUrl(string htmlPath)
    {
        var full = Path.GetFullPath(htmlPath);
        return File.Exists(full) ? new Uri(full).AbsoluteUri : throw new FileNotFoundException($"No page at {full}.", full);
    }

    private static (int ExitCode, string Output, string Errors) Run(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("robustnb-chromium-");
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // Without the background-networking switches chromium keeps retrying network services here and never exits.
        foreach (var flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--mute-audio", $"--user-data-dir={profile.FullName}",
                 })
            start.ArgumentList.Add(flag);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        try
        {
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* exited meanwhile */ }
                process.WaitForExit(TimeSpan.FromSeconds(10));
                throw new TimeoutException($"Chromium did not finish within {timeout.TotalSeconds:0} s and was killed.\n{Tail(errors.ToString())}");
            }
            process.WaitForExit(); // drains the asynchronous readers
            lock (output) lock (errors) return (process.ExitCode, output.ToString(), errors.ToString());
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* chromium may still hold a lock file briefly */ }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
