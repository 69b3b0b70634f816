using System.Diagnostics;
using RobustNotebooks.Kernel;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>Paths and processes the kernel tests share: the repository root, the robustnb.dll built
/// beside the tests (the kernelspec starts it), and a Python runner that reports everything it printed.</summary>
public static class KernelTestEnvironment
{
    public const string Python = "/usr/bin/python3";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RobustNotebooks.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("cannot find RobustNotebooks.sln above " + AppContext.BaseDirectory);
        }
    }

    public static string CliAssembly
    {
        get
        {
            var path = typeof(RobustNotebooks.Cli.Commands.KernelCommand).Assembly.Location;
            Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"no runtimeconfig beside {path}");
            return path;
        }
    }

    /// <summary>Installs the kernelspec under a fresh temporary prefix; returns its JUPYTER_PATH.</summary>
    public static string InstallPrivateKernelSpec()
    {
        var prefix = Directory.CreateTempSubdirectory("robustnb-kernel-test-").FullName;
        KernelSpecInstaller.Install(KernelSpecInstaller.PrefixKernelsDir(prefix), KernelSpecInstaller.CurrentDotnet(), CliAssembly);
        return Path.Combine(prefix, "share", "jupyter");
    }

    public sealed record ProcessResult(int ExitCode, string Output);

    public static ProcessResult RunPython(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            lock (output) return new ProcessResult(-1, output + $"\n[timed out after {timeout.TotalSeconds} s]");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }
}
