namespace RobustNotebooks.Display;

/// <summary>The values of the key columns of one group; equal when all values are equal.</summary>
internal sealed class GroupKey(object?[] values) : IEquatable<GroupKey>
{
    public object?[] Values { get; } = values;

    public bool Equals(GroupKey? other) =>
        other is not null && Values.Length == other.Values.Length && Values.Zip(other.Values).All(p => Equals(p.First, p.Second));

    public override bool Equals(object? obj) => Equals(obj as GroupKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values) hash.Add(value);
        return hash.ToHashCode();
    }
}
