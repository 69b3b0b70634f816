using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>A classifier that first applies an input transformation: the defended model that attacks
/// and the evaluator see. It borrows the classifier it wraps: mode and device changes reach it,
/// disposing the wrapper leaves it alive.</summary>
public sealed class TransformedClassifier : FeatureClassifier
{
    public TransformedClassifier(FeatureClassifier inner, IInputTransform transform)
    {
        Inner = inner;
        Transform = transform;
        register_module("inner", inner, owned: false);
    }

    public FeatureClassifier Inner { get; }

    public IInputTransform Transform { get; }

    public override int NumClasses => Inner.NumClasses;

    public override IReadOnlyList<string> FeatureNames => Inner.FeatureNames;

    public override ModelOutput forward(Tensor input)
    {
        using var transformed = Transform.Apply(input);
        return Inner.forward(transformed);
    }

    public override string extra_repr() => Transform.Name;
}
