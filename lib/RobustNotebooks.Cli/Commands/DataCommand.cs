using System.CommandLine;
using RobustNotebooks.Data;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data</c>: the data root's contents and upkeep, one sub-verb each.</summary>
public sealed class DataCommand : IVerb
{
    public Command Create() => new("data", "data sets: list (status), prepare (install what this machine has), bench (load time), manifest");

    /// <summary>--root, shared by the sub-verbs that read the data root.</summary>
    internal static Option<string?> RootOption() =>
        CliOption.Text("--root", "data root [default: $ROBUSTNB_DATA, else data/ of the checkout]", helpName: "DIR");

    internal static string Root(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } root ? Path.GetFullPath(root) : DataRoot.Resolve();
}
