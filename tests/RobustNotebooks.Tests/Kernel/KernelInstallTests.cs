using System.Text.Json.Nodes;
using RobustNotebooks.Cli;

namespace RobustNotebooks.Tests.Kernel;

public class KernelInstallTests
{
    [Fact]
    public void Install_with_prefix_writes_an_absolute_kernelspec()
    {
        var prefix = Directory.CreateTempSubdirectory("robustnb-install-test-").FullName;
        try
        {
            var oldOut = Console.Out;
            Console.SetOut(TextWriter.Null);
            int exit;
            try { exit = RobustnbCli.Run("kernel", "install", "--prefix", prefix); }
            finally { Console.SetOut(oldOut); }
            Assert.Equal(0, exit);
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", "robustnb-csharp", "kernel.json")))!;
            var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
            Assert.Equal(5, argv.Length);
            Assert.True(Path.IsPathRooted(argv[0]) && File.Exists(argv[0]), argv[0]);
            Assert.Equal("dotnet", Path.GetFileName(argv[0]));
            Assert.Equal(KernelTestEnvironment.CliAssembly, argv[1]);
            Assert.Equal(["kernel", "run", "{connection_file}"], argv[2..]);
            Assert.Equal("C# (RobustNotebooks)", (string?)spec["display_name"]);
            Assert.Equal("C#", (string?)spec["language"]);
            Assert.Equal("message", (string?)spec["interrupt_mode"]);
        }
        finally { Directory.Delete(prefix, recursive: true); }
    }

    [Fact]
    public void Install_with_dotnet_interactive_adds_its_loopback_kernelspec_beside_ours()
    {
        var prefix = Directory.CreateTempSubdirectory("robustnb-install-test-").FullName;
        try
        {
            var (oldOut, stdout) = (Console.Out, new StringWriter());
            Console.SetOut(stdout);
            int exit;
            try { exit = RobustnbCli.Run("kernel", "install", "--prefix", prefix, "--dotnet-interactive"); }
            finally { Console.SetOut(oldOut); }
            Assert.True(exit == 0, stdout.ToString());
            var kernels = Path.Combine(prefix, "share", "jupyter", "kernels");
            Assert.True(File.Exists(Path.Combine(kernels, "robustnb-csharp", "kernel.json")));
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(kernels, ".net-csharp", "kernel.json")))!;
            var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
            Assert.Equal(RobustNotebooks.Kernel.DotnetInteractiveKernel.LocateTool(), argv[0]);
            Assert.Contains("--http-local-only", argv);
            Assert.Contains("'.net-csharp'", stdout.ToString());
        }
        finally { Directory.Delete(prefix, recursive: true); }
    }

    [Theory]
    [InlineData("kernel")]
    [InlineData("kernel", "install", "--user", "--prefix", "/tmp/x")]
    [InlineData("kernel", "run")]
    [InlineData("notebooks", "run", "missing.ipynb")]
    [InlineData("notebooks", "run", "--param", "x")]
    [InlineData("notebooks", "run", "/dev/null", "--kernel", "jupyter")]
    public void Bad_usage_is_rejected(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var stderr = new StringWriter();
        Console.SetOut(TextWriter.Null);
        Console.SetError(stderr);
        int exit;
        try { exit = RobustnbCli.Run(args); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        Assert.Equal(RobustnbCli.UsageError, exit);
        Assert.StartsWith($"robustnb {args[0]}", stderr.ToString());
    }
}
