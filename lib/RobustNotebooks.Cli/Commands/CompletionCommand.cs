using System.CommandLine;
using RobustNotebooks.Kernel;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb completion bash|zsh</c>: prints a shell script that completes robustnb's verbs,
/// options and option values. The script asks this build for suggestions through System.CommandLine's
/// <c>[suggest:POSITION]</c> directive, calling dotnet on robustnb.dll directly: the ./robustnb wrapper
/// checks whether a rebuild is needed, too slow for a keypress.</summary>
public sealed class CompletionCommand : IVerb
{
    private readonly Argument<string> _shell = new("SHELL") { Description = "bash or zsh" };

    public Command Create()
    {
        _shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: eval \"$(./robustnb completion bash)\"") { _shell };
        command.SetAction(parse =>
        {
            var dotnet = KernelSpecInstaller.CurrentDotnet();
            var dll = typeof(CompletionCommand).Assembly.Location;
            Console.Write(parse.GetValue(_shell) == "zsh" ? Zsh(dotnet, dll) : Bash(dotnet, dll));
            return 0;
        });
        return command;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>The suggest directive expects the line to start with the command's own name; the user may
    /// have typed ./robustnb or a full path, so the first word is swapped for "robustnb" and the cursor
    /// position shifted by the difference.</summary>
    public static string Bash(string dotnet, string dll) => $$"""
        # robustnb completion for bash: eval "$(./robustnb completion bash)"
        _robustnb_complete() {
          local first=${COMP_WORDS[0]}
          local line="robustnb${COMP_LINE#"$first"}"
          local point=$(( COMP_POINT - ${#first} + 8 ))
          local IFS=$'\n'
          COMPREPLY=( $({{Quote(dotnet)}} {{Quote(dll)}} "[suggest:$point]" "$line" 2>/dev/null) )
        }
        complete -o default -F _robustnb_complete robustnb

        """;

    public static string Zsh(string dotnet, string dll) => $$"""
        # robustnb completion for zsh: eval "$(./robustnb completion zsh)"
        _robustnb_complete() {
          local line="robustnb ${words[2,-1]}"
          [[ -z ${words[CURRENT]} ]] && line="$line "
          local -a suggestions
          suggestions=( ${(f)"$({{Quote(dotnet)}} {{Quote(dll)}} "[suggest:${#line}]" "$line" 2>/dev/null)"} )
          compadd -a suggestions
        }
        compdef _robustnb_complete robustnb

        """;
}
