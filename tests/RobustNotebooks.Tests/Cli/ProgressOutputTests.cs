using System.Diagnostics;
using RobustNotebooks.Tests.Kernel;

namespace RobustNotebooks.Tests.Cli;

/// <summary>What a long verb prints when its output is not a terminal: plain progress lines on stderr, the
/// results on stdout, not one terminal control sequence; and with --quiet the results alone.</summary>
public class ProgressOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-progress-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Train(string run, params string[] more) =>
        ["train", "--dataset", "fmnist", "--model", "lenetpp", "--embedding-dim", "16", "--epochs", "2", "--limit", "128",
         "--batch-size", "32", "--out", Path.Combine(_dir, run), .. more];

    [Fact]
    public void Train_redirected_to_files_prints_progress_lines_without_terminal_control_sequences()
    {
        var (stdout, stderr) = (Path.Combine(_dir, "out.txt"), Path.Combine(_dir, "err.txt"));
        // A real child process writing into files: what a CI log or `> log 2>&1` gets. TERM says the terminal
        // could draw bars, so only the redirection can keep them out.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = _dir };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" > out.txt 2> err.txt");
        start.ArgumentList.Add(RobustNotebooks.Kernel.KernelSpecInstaller.CurrentDotnet());
        start.ArgumentList.Add(KernelTestEnvironment.CliAssembly);
        foreach (var a in Train("redirected")) start.ArgumentList.Add(a);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "train did not finish within 5 minutes");
        var (output, errors) = (File.ReadAllText(stdout), File.ReadAllText(stderr));
        var described = $"exit {process.ExitCode}\n--- stdout\n{output}\n--- stderr\n{errors}";
        Assert.True(process.ExitCode == 0, described);

        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u001b', errors);
        Assert.DoesNotContain('\r', output + errors);
        // Progress: the task's lines with counts, rate and time, from the first batch to "done".
        var progress = errors.Split('\n').Where(l => l.StartsWith("train lenetpp softmax: ", StringComparison.Ordinal)).ToList();
        Assert.True(progress.Count >= 3, described);
        Assert.Contains(progress, l => l.Contains("/8 batches (") && l.Contains("batches/s") && l.Contains("left; epoch 1/2 ["));
        Assert.StartsWith("train lenetpp softmax: 8/8 batches (100%); done in ", progress[^1]);
        // Results: one line per epoch and the summary, on stdout only.
        Assert.Contains("epoch 1: lr=", output);
        Assert.Contains("epoch 2: lr=", output);
        Assert.Contains("test accuracy", output);
        Assert.DoesNotContain("batches/s", output);
    }

    [Fact]
    public void Quiet_drops_the_progress_and_keeps_the_results()
    {
        var loud = CapturedRun.Of(Train("loud"));
        var quiet = CapturedRun.Of(Train("quiet", "--quiet"));
        Assert.True(loud.Exit == 0, loud.ToString());
        Assert.True(quiet.Exit == 0, quiet.ToString());
        Assert.Contains("train lenetpp softmax: ", loud.Err);
        Assert.DoesNotContain("train lenetpp softmax: ", quiet.Err);
        Assert.DoesNotContain("batches", quiet.Err + quiet.Out);
        foreach (var result in new[] { "epoch 1: lr=", "epoch 2: lr=", "test accuracy" }) Assert.Contains(result, quiet.Out);
        // The same seed trains the same model: quiet changes what is shown, nothing else.
        Assert.Equal(ResultLine(loud.Out), ResultLine(quiet.Out));
    }

    private static string ResultLine(string output) =>
        output.Split('\n').Single(l => l.StartsWith("test accuracy", StringComparison.Ordinal)).Split("; checkpoint")[0];
}
