using System.Diagnostics;
using System.Text.Json;

namespace RobustNotebooks.Cli.Commands;

/// <summary>A script of scripts/bench kept running under Debian's /usr/bin/python3 and asked one command
/// at a time, so a benchmark can alternate its own work with PyTorch's step by step. The script prints
/// one JSON line when ready (<see cref="Ready"/>), then answers each command line with one JSON line;
/// disposing sends "quit" and waits for it to end.</summary>
public sealed class PyTorchSession : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly string _path;

    /// <param name="environment">variables to set for the script, beside the inherited ones.</param>
    public PyTorchSession(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _path = PyTorchScript.Find(script);
        var psi = new ProcessStartInfo(PyTorchScript.Python)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(_path);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {PyTorchScript.Python}");
        _stderr = _process.StandardError.ReadToEndAsync();
        Ready = ReadAnswer("starting");
    }

    /// <summary>What the script printed when ready.</summary>
    public JsonElement Ready { get; }

    /// <summary>Sends one command line and returns the script's one-line JSON answer.</summary>
    public JsonElement Ask(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return ReadAnswer(command);
    }

    private JsonElement ReadAnswer(string command)
    {
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit();
            throw new InvalidOperationException($"{PyTorchScript.Python} {_path} ended (exit {_process.ExitCode}) at '{command}': {_stderr.Result.Trim()}. " +
                PyTorchScript.InstallHint);
        }
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
            }
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        catch (IOException) { /* the script already ended; its exit is all that is left */ }
        _process.Dispose();
    }
}
