namespace RobustNotebooks.Display;

/// <summary>How a group of values becomes one number. Std is the sample standard deviation (n − 1), as in pandas.</summary>
public enum AggregateKind
{
    Count,
    Mean,
    Std,
    Min,
    Max,
    Sum,
}
