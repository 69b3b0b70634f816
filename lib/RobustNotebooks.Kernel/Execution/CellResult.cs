namespace RobustNotebooks.Kernel.Execution;

/// <summary>What running one cell produced: a value to show (when the cell ends in an expression
/// without a semicolon) or an error in Jupyter's ename/evalue/traceback shape.</summary>
public sealed record CellResult
{
    public bool Succeeded => ErrorName is null;
    public bool HasValue { get; init; }
    public object? Value { get; init; }
    public string? ErrorName { get; init; }
    public string ErrorValue { get; init; } = "";
    public IReadOnlyList<string> Traceback { get; init; } = [];

    public static CellResult Ok() => new();

    public static CellResult WithValue(object? value) => new() { HasValue = true, Value = value };

    public static CellResult Error(string name, string value, IReadOnlyList<string> traceback) =>
        new() { ErrorName = name, ErrorValue = value, Traceback = traceback };
}
