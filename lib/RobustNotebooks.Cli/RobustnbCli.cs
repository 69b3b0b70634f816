using System.CommandLine;
using System.CommandLine.Invocation;

namespace RobustNotebooks.Cli;

/// <summary>The <c>robustnb</c> command: the verb tree assembled from every <see cref="IVerb"/>, and the
/// one place that turns parse errors and exceptions into messages and exit codes
/// (0 success, 1 failure, 2 usage error, 130 interrupted).</summary>
public static class RobustnbCli
{
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Parses and runs one command line, writing to the current <see cref="Console.Out"/> and
    /// <see cref="Console.Error"/>; returns the exit code.</summary>
    public static int Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var root = Build();
        var result = root.Parse(args);
        if (UsageErrors.Any(result)) return UsageErrors.Report(result, stderr);
        var verb = UsageErrors.CommandPath(result.CommandResult);
        try
        {
            // Ctrl+C is handled by the verbs that can stop cleanly (Interruption), and by the kernel itself.
            return result.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = stdout,
                Error = stderr,
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"{verb}: {e.Message}");
            stderr.WriteLine($"Run '{verb} --help' for its options.");
            return UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Errors from the library already name the file, field or shape at fault; a stack trace would bury that.
            stderr.WriteLine($"{verb}: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("ROBUSTNB_TRACE") == "1") stderr.WriteLine(e);
            return Failure;
        }
    }

    /// <summary>The root command with every verb below it, sorted by name at each level.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("robustnb: adversarial-robustness experiments over libtorch (PCL, attacks, defenses, notebooks)");
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        var verbs = typeof(IVerb).Assembly.GetTypes()
            .Where(t => typeof(IVerb).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IVerb)Activator.CreateInstance(t)!)
            .Select(v => (Parent: v.Parent.Trim(), Command: v.Create()))
            .OrderBy(v => v.Parent.Length == 0 ? 0 : v.Parent.Split(' ').Length)
            .ThenBy(v => v.Command.Name, StringComparer.Ordinal)
            .ToList();
        var byPath = new Dictionary<string, Command> { [""] = root };
        foreach (var (parent, command) in verbs)
        {
            if (!byPath.TryGetValue(parent, out var above))
                throw new InvalidOperationException($"verb '{command.Name}' names the parent '{parent}', which no verb defines");
            above.Subcommands.Add(command);
            byPath.Add(parent.Length == 0 ? command.Name : $"{parent} {command.Name}", command);
        }
        return root;
    }
}
