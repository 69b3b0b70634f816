using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace RobustNotebooks.Cli;

/// <summary>How a command line that did not parse is answered: each problem on its own line, prefixed
/// with the verb, a "did you mean" for a mistyped option or verb, and a pointer to --help; exit code 2.
/// Written here rather than left to System.CommandLine, whose typo corrections also "correct" option
/// values (it suggests -h for the 3 in "--epoch 3") and whose exit code for parse errors is 1.</summary>
public static class UsageErrors
{
    /// <summary>True when the line has errors, or words that look like options but were taken as the
    /// verb's arguments: a verb with PATH... would otherwise read "--parm" as a file name.</summary>
    public static bool Any(ParseResult result) => result.Action is ParseErrorAction || StrayOptions(result).Count > 0;

    private static IReadOnlyList<string> StrayOptions(ParseResult result) =>
        result.Tokens.Any(t => t.Type == TokenType.DoubleDash) ? [] :
        result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens)
            .Select(t => t.Value).Where(v => v.StartsWith("--") && v.Length > 2).ToList();

    public static int Report(ParseResult result, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var verb = CommandPath(result.CommandResult);
        var stray = StrayOptions(result);
        var unmatched = result.UnmatchedTokens.Concat(stray).ToList();
        bool afterUnknownOption = false;
        foreach (var token in unmatched)
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                var name = token.Split('=')[0];
                error.WriteLine($"{verb}: unknown option '{name}'{DidYouMean(name, OptionNames(result.CommandResult))}");
                afterUnknownOption = !token.Contains('=');
                continue;
            }
            // The word after an unknown option is most likely its value: one complaint is enough.
            if (afterUnknownOption) { afterUnknownOption = false; continue; }
            error.WriteLine(command.Subcommands.Count > 0
                ? $"{verb}: unknown verb '{token}'{DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
                : $"{verb}: unexpected argument '{token}'");
        }
        // A group (`robustnb`, `robustnb bench`) has no action of its own: its "required command" error is
        // answered below by listing its sub-verbs, not printed as such.
        bool group = command.Subcommands.Count > 0 && command.Action is null;
        // With a stray option the verb's own checks of its arguments ("notebook not found: --parm") are noise.
        foreach (var e in result.Errors.Where(e => stray.Count == 0 && !unmatched.Any(t => e.Message.Contains($"'{t}'"))))
            if (!(group && e.SymbolResult == result.CommandResult))
                error.WriteLine($"{verb}: {e.Message}");
        if (group && unmatched.Count == 0)
        {
            error.WriteLine($"{verb}: which one? Give a sub-verb:");
            error.WriteLine();
            var path = verb.Split(' ').Skip(1).Append("--help").ToArray();
            result.RootCommandResult.Command.Parse(path).Invoke(new InvocationConfiguration { Output = error, Error = error });
        }
        else
            error.WriteLine($"Run '{verb} --help' for its options.");
        return RobustnbCli.UsageError;
    }

    /// <summary>"robustnb train", "robustnb bench engine": the verb as the user typed it.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Parent is null ? "robustnb" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var own = result.Command.Options;
        // Options marked Recursive on a parent (--quiet on the root) apply here too.
        var inherited = result.Command.Parents.OfType<Command>().SelectMany(p => p.Options).Where(o => o.Recursive);
        return own.Concat(inherited).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();
    }

    /// <summary>"; did you mean --epochs?" for the closest names within a few edits, or nothing.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var key = typed.TrimStart('-');
        var close = candidates
            .Select(c => (Name: c, Distance: Distance(key, c.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, key.Length / 3) ||
                        (key.Length >= 3 && c.Name.TrimStart('-').StartsWith(key, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).Take(3).ToList();
        return close.Count == 0 ? "" : $"; did you mean {string.Join(" or ", close)}?";
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit ("trian" is one from "train"),
    /// case-insensitive (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j], d[i, j - 1]) + 1, d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
