namespace RobustNotebooks.Nn;

/// <summary>A state dict that does not fit the module: missing or unexpected keys, or shapes that differ.</summary>
public sealed class StateDictException(string message, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys)
    : Exception(message)
{
    public IReadOnlyList<string> MissingKeys { get; } = missingKeys;
    public IReadOnlyList<string> UnexpectedKeys { get; } = unexpectedKeys;
}
