using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>The state shared by a notebook's cells: each cell continues the Roslyn script state of
/// the one before, so variables, types and usings carry over.</summary>
public sealed class ScriptSession
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    private static readonly string[] DefaultImports =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private readonly string _workingDirectory;
    private readonly KernelGlobals _globals;
    private ScriptState<object>? _state;
    private int _cellNumber;

    public ScriptSession(string workingDirectory, ICellOutput output)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
        _globals = new KernelGlobals(output);
    }

    /// <summary>Cells are given a file path in the working directory so that a relative
    /// <c>#r "x.dll"</c> resolves there, and so stack frames from cells are recognisable.</summary>
    public string CellPath(int cell) => Path.Combine(_workingDirectory, $"cell-{cell}.csx");

    private ScriptOptions OptionsFor(string filePath) => ScriptOptions.Default
        .WithReferences(ScriptReferences.SharedFramework)
        .AddReferences(typeof(KernelGlobals).Assembly)
        .WithImports(DefaultImports)
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_workingDirectory).WithSearchPaths(_workingDirectory))
        .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(_workingDirectory).WithSearchPaths(_workingDirectory))
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithAllowUnsafe(true)
        .WithEmitDebugInformation(true)
        .WithFileEncoding(System.Text.Encoding.UTF8)
        .WithFilePath(filePath);

    public void Reset()
    {
        _state = null;
        _cellNumber = 0;
    }

    /// <summary>A leading <c>#!csharp</c> kernel-switch line is blanked rather than removed so
    /// that line numbers in messages still match the cell.</summary>
    public static string StripKernelDirective(string code)
    {
        var trimmed = code.TrimStart(' ', '\t');
        if (!trimmed.StartsWith("#!", StringComparison.Ordinal)) return code;
        int newline = code.IndexOf('\n');
        return newline < 0 ? "" : code[newline..];
    }

    /// <summary>Runs one cell to completion on the calling thread. Never throws for faults in the
    /// cell itself: they come back as an error result.</summary>
    public CellResult Execute(string code)
    {
        int cell = ++_cellNumber;
        var path = CellPath(cell);
        var source = StripKernelDirective(code);
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path);
        var rewritten = CancellationRewriter.Rewrite(tree).GetRoot().ToFullString();
        var options = OptionsFor(path);
        var lines = source.Split('\n');
        var baseState = _state;
        try
        {
            var task = baseState is null
                ? CSharpScript.Create(rewritten, options, typeof(KernelGlobals)).RunAsync(_globals, catchException: _ => true)
                : baseState.ContinueWithAsync(rewritten, options, catchException: _ => true);
            var state = task.GetAwaiter().GetResult();
            // Keep what the cell defined before it failed: later cells can still use it.
            _state = state;
            if (state.Exception is { } thrown) return RuntimeError(thrown, path, lines);
            return EndsInExpression(tree) && state.ReturnValue is not null ? CellResult.WithValue(state.ReturnValue) : CellResult.Ok();
        }
        catch (CompilationErrorException e)
        {
            return CompileError(e);
        }
        catch (Exception e)
        {
            return RuntimeError(e, path, lines);
        }
    }

    private static bool EndsInExpression(SyntaxTree tree) =>
        tree.GetRoot() is CompilationUnitSyntax { Members: [.., GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } }] };

    private static CellResult CompileError(CompilationErrorException e)
    {
        var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) errors = e.Diagnostics.ToList();
        var described = errors.Select(Describe).ToList();
        var first = described.FirstOrDefault() ?? e.Message;
        return CellResult.Error("CompilationError", first, described);
    }

    private static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = d.Location.IsInSource ? $"(cell line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}) " : "";
        return $"{where}{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Traceback lines name the cell line of each frame that belongs to a cell (line
    /// information comes from the debug information the scripts are compiled with).</summary>
    private static CellResult RuntimeError(Exception e, string path, string[] lines)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        bool interrupted = e is OperationCanceledException && CellInterruption.IsRequested;
        var name = interrupted ? "KeyboardInterrupt" : e.GetType().Name;
        var traceback = new List<string> { $"{e.GetType().FullName}: {e.Message}" };
        int? cellLine = null;
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            var file = frame.GetFileName();
            int line = frame.GetFileLineNumber();
            if (file is not null && line > 0 && Path.GetFileName(file).StartsWith("cell-", StringComparison.Ordinal))
            {
                bool thisCell = string.Equals(file, path, StringComparison.Ordinal);
                if (thisCell)
                {
                    cellLine ??= line;
                    traceback.Add($"   at cell line {line}: {(line <= lines.Length ? lines[line - 1].Trim() : "")}");
                }
                else
                {
                    traceback.Add($"   at line {line} of an earlier cell ({Path.GetFileNameWithoutExtension(file)} in run order)");
                }
            }
            else if (method?.DeclaringType is { } declaring && !IsScriptPlumbing(declaring))
            {
                traceback.Add($"   at {declaring.FullName}.{method.Name}");
            }
        }
        // However deep the library call that noticed the interrupt, the user interrupted the cell.
        var message = interrupted ? "The cell was interrupted." : e.Message;
        var value = cellLine is { } l ? $"{message} (cell line {l})" : message;
        return CellResult.Error(name, value, traceback);
    }

    private static bool IsScriptPlumbing(Type t) =>
        t.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
        || t.Namespace?.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) == true
        || t.Namespace?.StartsWith("System.Threading", StringComparison.Ordinal) == true
        || t == typeof(CellInterruption);

    /// <summary>A compilation of everything run so far plus <paramref name="code"/>, for completion
    /// and inspection; nothing is executed.</summary>
    public (Compilation Compilation, SyntaxTree Tree) Analyze(string code)
    {
        var options = OptionsFor(CellPath(_cellNumber + 1));
        Script script = _state is null
            ? CSharpScript.Create(code, options, typeof(KernelGlobals))
            : _state.Script.ContinueWith(code, options);
        var compilation = script.GetCompilation();
        return (compilation, compilation.SyntaxTrees.Last());
    }
}
