using System.Diagnostics;
using System.Text.Json;

namespace RobustNotebooks.Tests.Bench;

/// <summary><c>robustnb bench defenses</c> in its own process, as a user runs it: on the process's main
/// thread, where the shim's malloc settings (NativeAllocator) govern the heap every step allocates from.</summary>
public class BenchDefensesTests
{
    private static JsonElement RunBench(string? malloc)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "robustnb.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "bench", "defenses", "--quick", "--batch-size", "128", "--json" }) start.ArgumentList.Add(a);
        if (malloc is not null) start.Environment["ROBUSTNB_MALLOC"] = malloc;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bench defenses exited with {process.ExitCode}: {stderr.Result}");
        using var json = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        return json.RootElement.Clone();
    }

    /// <summary>Each training step frees about 100 MB of activations and gradients. PyTorch eager with
    /// glibc's defaults hands those pages back and faults them in again in the next step (tens of thousands of
    /// page faults a step, measured by the PyTorch side itself); ours keeps them, so its steps fault a small
    /// fraction of that, and with ROBUSTNB_MALLOC=default (glibc's defaults) as many as PyTorch's.</summary>
    [Fact]
    public void OurStepsReuseFreedMemoryWherePyTorchsFaultItInAgain()
    {
        var kept = RunBench(malloc: null);
        Assert.True(kept.GetProperty("same_data").GetBoolean());
        foreach (var workload in new[] { "pgd7", "fgsm_rs" })
        {
            var faults = kept.GetProperty($"{workload}_page_faults_per_step");
            double ours = faults.GetProperty("ours").GetDouble(), pytorch = faults.GetProperty("pytorch").GetDouble();
            Assert.True(pytorch > 10_000, $"{workload}: PyTorch's step faulted only {pytorch} pages");
            Assert.True(ours < pytorch / 5, $"{workload}: our step faulted {ours} pages, PyTorch's {pytorch}");
        }

        var fgsm = RunBench(malloc: "default").GetProperty("fgsm_rs_page_faults_per_step");
        Assert.True(fgsm.GetProperty("ours").GetDouble() > fgsm.GetProperty("pytorch").GetDouble() / 2,
            $"with glibc's defaults our step should fault like PyTorch's: {fgsm}");
    }
}
