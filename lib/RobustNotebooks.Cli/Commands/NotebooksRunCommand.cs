using System.CommandLine;
using RobustNotebooks.Kernel;
using RobustNotebooks.Kernel.Notebooks;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb notebooks run PATH... [--param name=value]... [--out DIR] [--no-html] [--timeout S]
/// [--kernel robustnb|dotnet-interactive]</c>: executes notebooks headless on our C# kernel or on .NET
/// Interactive's and writes executed copies and HTML reports.</summary>
public sealed class NotebooksRunCommand : IVerb
{
    private readonly Argument<string[]> _paths = new("PATH") { Description = "notebooks to run", Arity = ArgumentArity.OneOrMore };
    private readonly Option<KeyValuePair<string, string>[]> _params = CliOption.Repeatable("--param",
        "set a variable of the notebook's parameters cell, e.g. --param quick=true (repeatable)", ParameterInjector.ParseAssignment, "NAME=VALUE");
    private readonly Option<string?> _out = CliOption.Text("--out", "directory for the executed copies and HTML reports", Path.Combine("out", "notebooks"), "DIR");
    private readonly Option<bool> _noHtml = CliOption.Flag("--no-html", "write only the executed notebooks, no HTML");
    private readonly Option<int> _timeout = CliOption.Int("--timeout", "seconds a cell may run", 3600, min: 1, helpName: "S");
    private readonly Option<string> _kernel = CliOption.Choice("--kernel",
        "the kernel: ours, or .NET Interactive's C# kernel (its tool from `robustnb kernel install --dotnet-interactive` or scripts/setup.sh)",
        NotebookKernel.Robustnb.Name(), Enum.GetValues<NotebookKernel>().Select(k => k.Name()).ToArray());

    public string Parent => "notebooks";

    public Command Create()
    {
        var command = new Command("run", "execute notebooks, write executed copies and HTML reports; exit 1 if any fails")
        {
            _paths, _params, _out, _noHtml, _timeout, _kernel,
        };
        command.Validators.Add(result =>
        {
            foreach (var path in result.GetValue(_paths) ?? [])
                if (!File.Exists(path)) result.AddError($"notebook not found: {path}");
        });
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult parse)
    {
        var paths = parse.GetValue(_paths)!;
        var parameters = parse.GetValue(_params)!.ToList();
        var outDir = parse.GetValue(_out)!;
        using var runner = new NotebookRunner(KernelSpecInstaller.CurrentDotnet(), typeof(NotebooksRunCommand).Assembly.Location, Console.Out,
            NotebookKernels.Parse(parse.GetValue(_kernel)!))
        {
            CellTimeoutSeconds = parse.GetValue(_timeout),
        };
        var results = new List<NotebookRunResult>();
        foreach (var path in paths)
        {
            var result = runner.Run(path, parameters, outDir, html: !parse.GetValue(_noHtml));
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
