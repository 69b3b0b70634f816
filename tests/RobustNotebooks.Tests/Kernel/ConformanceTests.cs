using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>Runs scripts/kernel/test_conformance.py (Debian's jupyter_kernel_test plus our interrupt,
/// live-stream and line-number checks) once against a real kernel process; the facts below read
/// its outcome.</summary>
public sealed class ConformanceRun
{
    public KernelTestEnvironment.ProcessResult Result { get; }
    public JsonObject? Interrupt { get; }

    public ConformanceRun()
    {
        var jupyterPath = KernelTestEnvironment.InstallPrivateKernelSpec();
        var interruptFile = Path.Combine(Path.GetTempPath(), $"robustnb-interrupt-{Guid.NewGuid():N}.json");
        Result = KernelTestEnvironment.RunPython(
            Path.Combine(KernelTestEnvironment.RepositoryRoot, "scripts", "kernel"),
            new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = jupyterPath, ["ROBUSTNB_INTERRUPT_RESULT"] = interruptFile,
                ["ROBUSTNB_LIBRARY"] = Path.Combine(Path.GetDirectoryName(KernelTestEnvironment.CliAssembly)!, "RobustNotebooks.dll"),
            },
            TimeSpan.FromMinutes(5),
            "-m", "unittest", "-v", "test_conformance");
        if (File.Exists(interruptFile)) Interrupt = JsonNode.Parse(File.ReadAllText(interruptFile)) as JsonObject;
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(jupyterPath))!, recursive: true);
    }
}

public class ConformanceTests(ConformanceRun run, ITestOutputHelper output) : IClassFixture<ConformanceRun>
{
    [Fact]
    public void Kernel_passes_jupyter_kernel_test_suite()
    {
        output.WriteLine(run.Result.Output);
        Assert.True(run.Result.ExitCode == 0, "conformance failed:\n" + run.Result.Output);
        Assert.Contains("\nOK", run.Result.Output);
        // The suite must actually have exercised the kernel, not skipped everything.
        var ran = System.Text.RegularExpressions.Regex.Match(run.Result.Output, @"Ran (\d+) tests");
        Assert.True(ran.Success && int.Parse(ran.Groups[1].Value) >= 14, run.Result.Output);
        foreach (var name in new[] { "test_interrupt_stops_the_cell_for_good", "test_library_calls_see_the_cell_token", "test_library_progress_updates_one_display_in_place", "test_execute_stdout", "test_display_data", "test_execute_result", "test_completion", "test_inspect", "test_is_complete", "test_error" })
            // A test with a docstring prints it on a second line before "... ok".
            Assert.Matches(name + @" \(test_conformance\.CSharpKernelTests\.\w+\)(\r?\n[^\n]*)? \.\.\. ok", run.Result.Output);
    }

    [Fact]
    public void Interrupting_an_infinite_loop_returns_control_within_two_seconds()
    {
        Assert.True(run.Interrupt is not null, "the interrupt test wrote no result:\n" + run.Result.Output);
        var latency = (double)run.Interrupt!["latency_s"]!;
        output.WriteLine($"interrupt latency: {latency * 1000:F0} ms");
        Assert.Equal("KeyboardInterrupt", (string?)run.Interrupt["ename"]);
        Assert.InRange(latency, 0, 2.0);
    }
}
