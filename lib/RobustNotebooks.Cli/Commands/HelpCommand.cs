using System.CommandLine;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb help [VERB...]</c>: the same as <c>robustnb [VERB...] --help</c>, for those who type
/// it the git way (the README says <c>./robustnb help</c>).</summary>
public sealed class HelpCommand : IVerb
{
    private readonly Argument<string[]> _verb = new("VERB") { Description = "the verb to explain, e.g. train or bench engine", Arity = ArgumentArity.ZeroOrMore };

    public Command Create()
    {
        var command = new Command("help", "show the help of robustnb or of a verb") { _verb };
        command.Hidden = true;
        command.SetAction(parse => RobustnbCli.Run([.. parse.GetValue(_verb) ?? [], "--help"]));
        return command;
    }
}
