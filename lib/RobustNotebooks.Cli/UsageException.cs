namespace RobustNotebooks.Cli;

/// <summary>A command line that parsed but makes no sense (options that exclude each other, a missing
/// file named on it): the message is printed with the verb's name and the exit code is 2.</summary>
public sealed class UsageException(string message) : Exception(message);
