using RobustNotebooks.Models;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Defenses;

/// <summary>Input transformations applied one after the other (e.g. random resize-pad, then JPEG).
/// Random if any part is, differentiable only if every part is.</summary>
public sealed class ComposedTransform : IInputTransform
{
    public ComposedTransform(params IInputTransform[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("a composition needs at least one transformation", nameof(parts));
        Parts = parts;
    }

    public IReadOnlyList<IInputTransform> Parts { get; }

    public string Name => string.Join("+", Parts.Select(p => p.Name));

    public bool IsRandomized => Parts.Any(p => p.IsRandomized);

    public bool IsDifferentiable => Parts.All(p => p.IsDifferentiable);

    public Tensor Apply(Tensor images)
    {
        var current = images;
        foreach (var part in Parts)
        {
            var next = part.Apply(current);
            if (!ReferenceEquals(current, images)) current.Dispose();
            current = next;
        }
        return current;
    }

    public override string ToString() => Name;
}
