namespace RobustNotebooks.Cli;

/// <summary>One verb of the <c>robustnb</c> command. Implementations are found by reflection,
/// so adding a verb means adding one file under Commands/.</summary>
public interface ICommand
{
    /// <summary>The first word on the command line, e.g. "train" or "kernel".</summary>
    string Name { get; }

    /// <summary>One line for the help listing.</summary>
    string Summary { get; }

    /// <summary>Runs the verb with the words after its name; returns the process exit code.</summary>
    int Run(string[] args);
}
