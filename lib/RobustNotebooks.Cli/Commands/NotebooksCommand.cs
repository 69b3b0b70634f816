using System.CommandLine;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb notebooks</c>: the lessons, run headless.</summary>
public sealed class NotebooksCommand : IVerb
{
    public Command Create() => new("notebooks", "run notebooks headless on the C# kernel");
}
