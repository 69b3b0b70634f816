using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Notebooks;

/// <summary>The outcome of one notebook run. <see cref="CodeCell"/> is 1-based and counts the
/// notebook's own code cells as written (markdown cells and the injected-parameters cell are not
/// counted); 0 when the failure was in the injected cell or outside any cell.</summary>
public sealed record NotebookRunResult(string Notebook, bool Succeeded, string ExecutedPath, string? HtmlPath,
    int CodeCell = 0, bool InInjectedCell = false, string ErrorName = "", string ErrorValue = "", string Detail = "")
{
    public string Describe() => Succeeded
        ? $"{Notebook}: ok"
        : InInjectedCell
            ? $"{Notebook}: the injected parameters cell failed: {ErrorName}: {ErrorValue}"
            : CodeCell > 0
                ? $"{Notebook}: code cell {CodeCell} failed: {ErrorName}: {ErrorValue}"
                : $"{Notebook}: {ErrorName}: {ErrorValue}{(Detail.Length > 0 ? "\n" + Detail : "")}";
}

/// <summary>Runs notebooks headless through Debian's nbclient on our kernel or on .NET Interactive's:
/// injects parameters, installs the kernel's kernelspec into a private prefix (JUPYTER_PATH points there,
/// so no global install is needed or used), executes with the notebook's folder as working directory,
/// and writes the executed notebook and an HTML report.</summary>
public sealed class NotebookRunner : IDisposable
{
    public const string DefaultPython = "/usr/bin/python3";

    private readonly string _prefix;
    private readonly string _script;
    private readonly TextWriter _progress;

    public string Python { get; init; } = Environment.GetEnvironmentVariable("ROBUSTNB_PYTHON") ?? DefaultPython;

    public int CellTimeoutSeconds { get; init; } = 3600;

    /// <param name="cliAssemblyPath">robustnb.dll, which our kernelspec starts as <c>dotnet robustnb.dll kernel run</c></param>
    /// <param name="kernel">the kernel to run on; .NET Interactive's needs its tool installed (see <see cref="DotnetInteractiveKernel.LocateTool"/>)</param>
    public NotebookRunner(string dotnetPath, string cliAssemblyPath, TextWriter progress, NotebookKernel kernel = NotebookKernel.Robustnb)
    {
        _progress = progress;
        Kernel = kernel;
        var tool = kernel == NotebookKernel.DotnetInteractive ? DotnetInteractiveKernel.LocateTool() : null;
        _prefix = Directory.CreateTempSubdirectory("robustnb-jupyter-").FullName;
        if (tool is not null) DotnetInteractiveKernel.Install(KernelSpecInstaller.PrefixKernelsDir(_prefix), tool, dotnetPath);
        else KernelSpecInstaller.Install(KernelSpecInstaller.PrefixKernelsDir(_prefix), dotnetPath, cliAssemblyPath);
        _script = Path.Combine(_prefix, "run_notebook.py");
        using var resource = typeof(NotebookRunner).Assembly.GetManifestResourceStream("run_notebook.py")
            ?? throw new InvalidOperationException("run_notebook.py is missing from the kernel assembly");
        using var file = File.Create(_script);
        resource.CopyTo(file);
    }

    public NotebookKernel Kernel { get; }

    /// <summary>The Jupyter data directory holding the private kernelspec.</summary>
    public string JupyterPath => Path.Combine(_prefix, "share", "jupyter");

    public NotebookRunResult Run(string notebookPath, IReadOnlyList<KeyValuePair<string, string>> parameters, string outDir, bool html)
    {
        var full = Path.GetFullPath(notebookPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"notebook not found: {notebookPath}");
        Directory.CreateDirectory(outDir);
        var name = Path.GetFileNameWithoutExtension(full);
        var executed = Path.GetFullPath(Path.Combine(outDir, name + ".ipynb"));
        var report = html ? Path.GetFullPath(Path.Combine(outDir, name + ".html")) : null;

        JsonObject notebook;
        try { notebook = JsonNode.Parse(File.ReadAllText(full)) as JsonObject ?? throw new InvalidDataException("not a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{notebookPath}: not a valid notebook: {e.Message}"); }
        var injected = ParameterInjector.Inject(notebook, parameters);
        File.WriteAllText(executed, injected.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(full)!,
        };
        foreach (var arg in new[] { _script, executed, "--output", executed, "--cwd", Path.GetDirectoryName(full)!,
                                    "--timeout", CellTimeoutSeconds.ToString(), "--kernel", Kernel.KernelSpecName() })
            start.ArgumentList.Add(arg);
        if (report is not null) { start.ArgumentList.Add("--html"); start.ArgumentList.Add(report); }
        var existing = Environment.GetEnvironmentVariable("JUPYTER_PATH");
        start.Environment["JUPYTER_PATH"] = string.IsNullOrEmpty(existing) ? JupyterPath : JupyterPath + Path.PathSeparator + existing;
        start.Environment["PYTHONNOUSERSITE"] = "1";

        _progress.WriteLine($"notebook {notebookPath} ({Kernel.Name()} kernel)");
        var stderr = new System.Text.StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Python}");
        // Progress lines from the script are forwarded as they come; the rest is kept for a failure report.
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("  ", StringComparison.Ordinal)) _progress.WriteLine(e.Data);
            else lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        var summaryLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'));
        JsonObject? summary = null;
        try { summary = summaryLine is null ? null : JsonNode.Parse(summaryLine) as JsonObject; }
        catch (JsonException) { }
        string detail;
        lock (stderr) detail = (stderr.ToString() + stdout).Trim();
        if (summary is null)
            return new NotebookRunResult(notebookPath, false, executed, report, ErrorName: "RunnerError",
                ErrorValue: $"{Python} {Path.GetFileName(_script)} exited with {process.ExitCode} without a summary", Detail: detail);
        if ((string?)summary["status"] == "ok" && process.ExitCode == 0)
            return new NotebookRunResult(notebookPath, true, executed, report);
        return new NotebookRunResult(notebookPath, false, executed, report,
            CodeCell: (int?)summary["code_cell"] ?? 0,
            InInjectedCell: (bool?)summary["injected"] ?? false,
            ErrorName: (string?)summary["ename"] ?? "Error",
            ErrorValue: (string?)summary["evalue"] ?? "",
            Detail: detail);
    }

    public void Dispose()
    {
        try { Directory.Delete(_prefix, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
