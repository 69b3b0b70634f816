using System.CommandLine;
using System.Diagnostics;
using RobustNotebooks.Cli;
using RobustNotebooks.Cli.Commands;
using RobustNotebooks.Kernel;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Cli;

public class CommandLineTests
{
    /// <summary>Every command of the tree with the words that reach it ("bench", "engine").</summary>
    public static IEnumerable<object[]> Verbs()
    {
        IEnumerable<(string[] Path, Command Command)> Walk(Command command, string[] path) =>
            command.Subcommands.Where(c => !c.Hidden).SelectMany(c => Walk(c, [.. path, c.Name])).Prepend((path, command));
        return Walk(RobustnbCli.Build(), []).Select(v => new object[] { string.Join(' ', v.Path) });
    }

    private static Command Find(string path) =>
        path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((Command)RobustnbCli.Build(), (c, name) => c.Subcommands.Single(s => s.Name == name));

    private static string[] Words(string path) => path.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_tree_holds_every_verb_the_readme_uses()
    {
        var verbs = Verbs().Select(v => (string)v[0]).ToHashSet();
        foreach (var verb in new[] { "train", "quickstart", "bench engine", "data list", "data prepare", "data bench", "data manifest",
                     "kernel install", "kernel run", "notebooks run", "completion" })
            Assert.Contains(verb, verbs);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Help_lists_every_option_and_sub_verb(string path)
    {
        var command = Find(path);
        foreach (var flag in new[] { "--help", "-h" })
        {
            var run = CapturedRun.Of([.. Words(path), flag]);
            Assert.True(run.Exit == 0, run.ToString());
            Assert.Contains("Usage:", run.Out);
            foreach (var option in command.Options.Where(o => !o.Hidden))
            {
                Assert.Contains(option.Name, run.Out);
                if (option.Description is { Length: > 0 } description) Assert.Contains(description, run.Out);
            }
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden)) Assert.Contains(sub.Name, run.Out);
        }
    }

    [Fact]
    public void Train_help_shows_defaults_and_allowed_values()
    {
        var run = CapturedRun.Of("train", "--help");
        Assert.Contains("--loss <softmax|pcl>", run.Out);
        Assert.Contains("--pcl-variant <official|paper>", run.Out);
        Assert.Matches(@"--epochs <N>\s+.*\[default: 10\]", run.Out);
        Assert.Matches(@"--out <DIR> \(REQUIRED\)", run.Out);
    }

    [Fact]
    public void Help_verb_is_the_same_as_the_help_option()
    {
        Assert.Equal(CapturedRun.Of("train", "--help").Out, CapturedRun.Of("help", "train").Out);
        Assert.Equal(CapturedRun.Of("--help").Out, CapturedRun.Of("help").Out);
    }

    [Theory]
    [InlineData("train --epoch 3 --out x", "--epoch", "--epochs")]
    [InlineData("train --out x --datset fmnist", "--datset", "--dataset")]
    [InlineData("train --out x --batchsize=64", "--batchsize", "--batch-size")]
    [InlineData("bench engine --thread 2", "--thread", "--threads")]
    [InlineData("notebooks run x.ipynb --parm a=1", "--parm", "--param")]
    [InlineData("trian --epochs 1", "trian", "train")]
    [InlineData("data lst", "lst", "list")]
    public void A_mistyped_option_or_verb_gets_a_suggestion_and_exit_code_2(string line, string typed, string meant)
    {
        var run = CapturedRun.Of(Words(line));
        Assert.True(run.Exit == RobustnbCli.UsageError, run.ToString());
        Assert.Contains($"'{typed}'; did you mean {meant}?", run.Err);
        Assert.DoesNotContain("did you mean -h", run.Err);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_option_of_every_verb_is_suggested_when_its_last_letter_is_missing(string path)
    {
        foreach (var option in Find(path).Options.Where(o => !o.Hidden && o.Name.StartsWith("--") && o.Name.Length > 4))
        {
            var typo = option.Name[..^1];
            if (Find(path).Options.Any(o => o.Name == typo)) continue;
            var run = CapturedRun.Of([.. Words(path), typo]);
            Assert.True(run.Exit == RobustnbCli.UsageError, run.ToString());
            Assert.Contains($"did you mean {option.Name}", run.Err);
        }
    }

    [Theory]
    [InlineData("train --out x --epochs x", "--epochs: 'x' is not an integer; expected an integer ≥ 1")]
    [InlineData("train --out x --epochs 0", "--epochs: 0 is out of range; expected an integer ≥ 1")]
    [InlineData("train --out x --epochs 99999999999", "--epochs: 99999999999 is out of range")]
    [InlineData("train --out x --lr abc", "--lr: 'abc' is not a number; expected a number > 0")]
    [InlineData("train --out x --lr 0", "--lr: 0 is out of range; expected a number > 0")]
    [InlineData("train --out x --momentum 1.5", "--momentum: 1.5 is out of range; expected a number ≥ 0 and ≤ 1")]
    [InlineData("train --out x --loss hinge", "--loss: 'hinge' is not one of softmax, pcl")]
    [InlineData("train --out x --model vgg", "--model: 'vgg' is not one of lenetpp")]
    [InlineData("train --out x --device gpu", "--device: 'gpu' is not a device")]
    [InlineData("train --out x --milestones 3,x", "--milestones: 'x' is not an integer")]
    [InlineData("train --out x --pcl-layers stage3:0", "--pcl-layers: 'stage3:0' is not a PCL layer")]
    [InlineData("train --out x --limit -5", "--limit: -5 is out of range; expected an integer ≥ 1")]
    [InlineData("train --epochs 3", "'--out' is required")]
    [InlineData("train --out", "--out")]
    [InlineData("quickstart --epochs-pcl 0", "--epochs-pcl: 0 is out of range")]
    [InlineData("bench engine --threads 0", "--threads: 0 is out of range; expected an integer ≥ 1")]
    [InlineData("bench engine --rounds two", "--rounds: 'two' is not an integer")]
    [InlineData("data bench --repeat 0", "--repeat: 0 is out of range")]
    [InlineData("notebooks run --param x", "--param: parameter 'x' is not of the form name=value")]
    [InlineData("kernel install --user --prefix /tmp/x", "--user and --prefix exclude each other")]
    [InlineData("completion fish", "fish")]
    public void A_bad_value_is_refused_naming_the_option_and_the_expected_form(string line, string message)
    {
        var run = CapturedRun.Of(Words(line));
        Assert.True(run.Exit == RobustnbCli.UsageError, run.ToString());
        Assert.Contains(message, run.Err);
        Assert.StartsWith("robustnb ", run.Err);
    }

    [Fact]
    public void Notebooks_run_refuses_a_timeout_out_of_range()
    {
        var notebook = Path.GetTempFileName();
        try
        {
            var run = CapturedRun.Of("notebooks", "run", notebook, "--timeout", "0");
            Assert.Equal(RobustnbCli.UsageError, run.Exit);
            Assert.Contains("--timeout: 0 is out of range; expected an integer ≥ 1", run.Err);
        }
        finally { File.Delete(notebook); }
    }

    [Fact]
    public void Values_with_equals_signs_and_repeated_options_parse()
    {
        // --param is repeatable and takes one word each time, so the notebook path after it stays a path.
        var run = CapturedRun.Of("notebooks", "run", "--param", "a=1", "missing.ipynb", "--param=b=2");
        Assert.Equal(RobustnbCli.UsageError, run.Exit);
        Assert.Contains("notebook not found: missing.ipynb", run.Err);
    }

    [Fact]
    public void A_verb_group_alone_lists_its_sub_verbs_with_exit_code_2()
    {
        var run = CapturedRun.Of("bench");
        Assert.Equal(RobustnbCli.UsageError, run.Exit);
        Assert.Contains("engine", run.Err);
        Assert.DoesNotContain("Required command", run.Err);
        Assert.Equal(RobustnbCli.UsageError, CapturedRun.Of().Exit);
    }

    [Fact]
    public void A_failure_exits_with_1_and_names_the_error()
    {
        // /proc accepts no new directories, even for root.
        var run = CapturedRun.Of("kernel", "install", "--prefix", "/proc/robustnb-test");
        Assert.True(run.Exit == RobustnbCli.Failure, run.ToString());
        Assert.StartsWith("robustnb kernel install: ", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Fact]
    public void Version_names_library_shim_libtorch_and_device()
    {
        var run = CapturedRun.Of("--version");
        Assert.Equal(0, run.Exit);
        Assert.Contains("RobustNotebooks library ", run.Out);
        Assert.Contains($"native shim {torch.shim_version}, built against libtorch {torch.__version__}", run.Out);
        Assert.Contains(torch.cuda.is_available() ? "CUDA is available" : "device: cpu (CUDA is not available", run.Out);
    }

    [Theory]
    [InlineData("train --ep", "--epochs")]
    [InlineData("train --loss ", "pcl")]
    [InlineData("ben", "bench")]
    [InlineData("bench e", "engine")]
    public void The_suggest_directive_completes_verbs_options_and_values(string typed, string expected)
    {
        var line = $"{RootCommand.ExecutableName} {typed}";
        var run = CapturedRun.Of($"[suggest:{line.Length}]", line);
        Assert.Equal(0, run.Exit);
        Assert.Contains(expected, run.Out.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Bash_completion_script_completes_through_the_built_command()
    {
        var script = CompletionCommand.Bash(KernelSpecInstaller.CurrentDotnet(), typeof(CompletionCommand).Assembly.Location);
        // Simulate bash's completion variables for "./robustnb train --ep<TAB>".
        var test = script + """
            COMP_LINE='./robustnb train --ep'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(./robustnb train --ep); COMP_CWORD=2
            _robustnb_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(psi)!;
        bash.StandardInput.Write(test);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(["--epochs"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
