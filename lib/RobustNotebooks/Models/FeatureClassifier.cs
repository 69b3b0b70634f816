using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>A classifier over pixels in [0, 1] (normalisation happens inside, so attacks work in
/// pixel space) that also exposes named intermediate features.</summary>
public abstract class FeatureClassifier : Module<Tensor, ModelOutput>
{
    public abstract int NumClasses { get; }

    /// <summary>The names of <see cref="ModelOutput.Features"/>, shallow to deep.</summary>
    public abstract IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Logits only; the features are freed at once.</summary>
    public Tensor logits(Tensor input)
    {
        var output = forward(input);
        foreach (var f in output.Features.Values) f.Dispose();
        return output.Logits;
    }

    /// <summary>This classifier as a plain images → logits module, for attacks and evaluation. The view
    /// borrows the classifier: disposing it leaves the classifier alive.</summary>
    public Module<Tensor, Tensor> AsLogitsModule() => new LogitsView(this);

    private sealed class LogitsView : Module<Tensor, Tensor>
    {
        private readonly FeatureClassifier inner;

        public LogitsView(FeatureClassifier inner)
        {
            this.inner = inner;
            register_module("inner", inner, owned: false);
        }

        public override Tensor forward(Tensor input) => inner.logits(input);
    }
}
