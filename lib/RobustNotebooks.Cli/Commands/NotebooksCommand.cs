using RobustNotebooks.Kernel;
using RobustNotebooks.Kernel.Notebooks;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb notebooks run PATH... [--param name=value]... [--out DIR] [--no-html] [--timeout S]</c>:
/// executes notebooks headless on the C# kernel and writes executed copies and HTML reports.</summary>
public sealed class NotebooksCommand : ICommand
{
    public string Name => "notebooks";

    public string Summary => "run notebooks headless: 'run PATH... [--param name=value]... [--out DIR] [--no-html] [--timeout S]'";

    public int Run(string[] args)
    {
        if (args.Length == 0 || args[0] != "run") throw new UsageException("expected 'run PATH...'");
        var line = new CommandLine(args[1..], ["param", "out", "timeout"], ["no-html"]);
        if (line.Positional.Count == 0) throw new UsageException("no notebook given");
        List<KeyValuePair<string, string>> parameters;
        try { parameters = line.GetAll("param").Select(ParameterInjector.ParseAssignment).ToList(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        foreach (var path in line.Positional)
            if (!File.Exists(path)) throw new UsageException($"notebook not found: {path}");
        var outDir = line.Get("out", Path.Combine("out", "notebooks"));
        int timeout = line.GetInt("timeout", 3600);
        if (timeout <= 0) throw new UsageException("--timeout must be positive");

        using var runner = new NotebookRunner(KernelSpecInstaller.CurrentDotnet(), typeof(NotebooksCommand).Assembly.Location, Console.Out)
        {
            CellTimeoutSeconds = timeout,
        };
        var results = new List<NotebookRunResult>();
        foreach (var path in line.Positional)
        {
            var result = runner.Run(path, parameters, outDir, html: !line.Flag("no-html"));
            results.Add(result);
            Console.WriteLine(result.Succeeded
                ? $"  ok -> {result.ExecutedPath}{(result.HtmlPath is null ? "" : ", " + result.HtmlPath)}"
                : $"  FAILED: {result.Describe()}");
        }
        var failed = results.Where(r => !r.Succeeded).ToList();
        Console.WriteLine($"{results.Count - failed.Count}/{results.Count} notebooks succeeded " +
                          "(cell numbers count code cells as written, from 1; the injected parameters cell is not counted)");
        foreach (var f in failed) Console.Error.WriteLine($"robustnb notebooks: {f.Describe()}");
        return failed.Count == 0 ? 0 : 1;
    }
}
