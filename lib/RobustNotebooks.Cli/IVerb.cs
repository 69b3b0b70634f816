using System.CommandLine;

namespace RobustNotebooks.Cli;

/// <summary>One verb or sub-verb of the <c>robustnb</c> command. Implementations are found by reflection,
/// so adding a verb means adding one file under Commands/ (see Commands/TrainCommand.cs for the shape:
/// typed options from <see cref="CliOption"/>, an action that returns the exit code).</summary>
public interface IVerb
{
    /// <summary>The verbs above this one, space-separated: "" for a top-level verb such as <c>train</c>,
    /// "bench" for <c>bench engine</c>, "eval" for <c>eval merge</c>. The parent must itself be a verb.</summary>
    string Parent => "";

    /// <summary>The command with its name, description, options, arguments and action. A verb that only
    /// groups sub-verbs (<c>bench</c>, <c>kernel</c>) sets no action.</summary>
    Command Create();
}
