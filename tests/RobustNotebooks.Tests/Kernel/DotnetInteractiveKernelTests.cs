using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RobustNotebooks.Kernel;
using Xunit.Abstractions;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>The .NET Interactive kernelspec we write: the tool by absolute path, and no port open beyond loopback.
/// The tool comes from scripts/setup.sh (dotnet tool install -g).</summary>
public class DotnetInteractiveKernelTests(ITestOutputHelper output)
{
    private static (string Dir, JsonObject Spec) InstallSpec()
    {
        var kernels = Directory.CreateTempSubdirectory("robustnb-dni-spec-").FullName;
        var dir = DotnetInteractiveKernel.Install(kernels, DotnetInteractiveKernel.LocateTool(), KernelSpecInstaller.CurrentDotnet());
        return (kernels, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "kernel.json")))!.AsObject());
    }

    [Fact]
    public void Kernelspec_names_the_tool_and_dotnet_by_absolute_path_and_asks_for_loopback_only()
    {
        var (kernels, spec) = InstallSpec();
        try
        {
            Assert.True(Directory.Exists(Path.Combine(kernels, ".net-csharp")));
            var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
            Assert.True(Path.IsPathRooted(argv[0]) && File.Exists(argv[0]), argv[0]);
            Assert.Equal("dotnet-interactive", Path.GetFileName(argv[0]));
            Assert.Equal(["jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"], argv[1..]);
            var root = (string)spec["env"]!["DOTNET_ROOT"]!;
            Assert.True(File.Exists(Path.Combine(root, "dotnet")), root);
            Assert.Equal("C#", (string?)spec["language"]);
        }
        finally { Directory.Delete(kernels, recursive: true); }
    }

    [Fact]
    public void The_kernel_listens_on_loopback_only_and_the_tools_default_would_not()
    {
        var (kernels, spec) = InstallSpec();
        try
        {
            var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToList();
            var ours = Listeners(argv, spec);
            output.WriteLine("with our kernelspec: " + string.Join(", ", ours));
            Assert.Contains(ours, l => l.Port is >= 2048 and <= 3000);
            Assert.All(ours, l => Assert.True(l.IsLoopback, $"{l} is reachable from other machines"));

            // The check itself can fail: without --http-local-only the same kernel opens its HTTP port to every interface.
            argv.Remove("--http-local-only");
            var open = Listeners(argv, spec);
            output.WriteLine("without --http-local-only: " + string.Join(", ", open));
            Assert.Contains(open, l => !l.IsLoopback);
        }
        finally { Directory.Delete(kernels, recursive: true); }
    }

    /// <summary>Starts the kernel as Jupyter would (argv with a connection file, the spec's environment), waits
    /// until its HTTP server listens, and returns every TCP socket it listens on.</summary>
    private static IReadOnlyList<ListeningSockets.Listener> Listeners(IReadOnlyList<string> argv, JsonObject spec)
    {
        var dir = Directory.CreateTempSubdirectory("robustnb-dni-run-").FullName;
        var connection = Path.Combine(dir, "connection.json");
        File.WriteAllText(connection, new JsonObject
        {
            ["shell_port"] = FreePort(), ["iopub_port"] = FreePort(), ["stdin_port"] = FreePort(),
            ["control_port"] = FreePort(), ["hb_port"] = FreePort(), ["ip"] = "127.0.0.1",
            ["key"] = Guid.NewGuid().ToString("N"), ["transport"] = "tcp", ["signature_scheme"] = "hmac-sha256",
            ["kernel_name"] = DotnetInteractiveKernel.KernelSpecName,
        }.ToJsonString());
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var arg in argv.Skip(1)) start.ArgumentList.Add(arg == "{connection_file}" ? connection : arg);
        foreach (var (name, value) in spec["env"]!.AsObject()) start.Environment[name] = (string?)value;
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                Assert.False(process.HasExited, $"the kernel exited with {(process.HasExited ? process.ExitCode : 0)}");
                var listeners = ListeningSockets.Of(process.Id);
                if (listeners.Any(l => l.Port is >= 2048 and <= 3000))
                {
                    Thread.Sleep(1000); // let it finish opening whatever else it opens
                    return ListeningSockets.Of(process.Id);
                }
                Thread.Sleep(250);
            }
            throw new TimeoutException("the kernel did not open its HTTP port within 3 minutes");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
