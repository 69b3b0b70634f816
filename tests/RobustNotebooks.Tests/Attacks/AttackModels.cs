using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>logits = flatten(x)·Wᵀ + b: every attack quantity has a closed form on it.</summary>
public sealed class LinearClassifier : FeatureClassifier
{
    private readonly Linear linear;

    public LinearClassifier(Tensor weight, Tensor bias)
    {
        linear = new Linear(weight.size(1), weight.size(0));
        using (no_grad())
        {
            linear.weight.copy_(weight);
            linear.bias!.copy_(bias);
        }
        RegisterComponents();
    }

    public Linear Layer => linear;

    public override int NumClasses => (int)linear.out_features;

    public override IReadOnlyList<string> FeatureNames { get; } = ["input"];

    public override ModelOutput forward(Tensor input)
    {
        var flat = input.flatten(1);
        return new ModelOutput(linear.call(flat), new Dictionary<string, Tensor> { ["input"] = flat });
    }
}

/// <summary>conv 3×3 (1→4, padding 1) → ReLU → 2×2 max-pool → linear (64→10) on 1×8×8 images; the same
/// network is written with torch.nn.functional in scripts/reference/attacks.py.</summary>
public sealed class SmallCnn : FeatureClassifier
{
    private readonly Conv2d conv = new(1, 4, 3, padding: 1);
    private readonly Linear fc = new(64, 10);

    public SmallCnn() => RegisterComponents();

    public override int NumClasses => 10;

    public override IReadOnlyList<string> FeatureNames { get; } = ["pooled"];

    public override ModelOutput forward(Tensor input)
    {
        using var c = conv.call(input);
        using var r = c.relu();
        var pooled = nn.functional.max_pool2d(r, 2);
        using var flat = pooled.flatten(1);
        return new ModelOutput(fc.call(flat), new Dictionary<string, Tensor> { ["pooled"] = pooled });
    }

    /// <summary>A seeded network, 64 seeded images and the network's own predictions as labels (so every
    /// example starts correctly classified). The tensors belong to the caller's dispose scope.</summary>
    public static (SmallCnn model, Tensor images, Tensor labels) Fixed(long seed = 17, int n = 64)
    {
        manual_seed(seed);
        var model = new SmallCnn();
        model.eval();
        var images = rand([n, 1, 8, 8]);
        Tensor labels;
        using (no_grad())
        using (var logits = model.logits(images))
            labels = logits.argmax(1);
        return (model, images, labels);
    }
}

/// <summary>Rounds pixels to <c>levels</c> grey levels: a non-differentiable preprocessing whose gradient
/// is zero almost everywhere (a stand-in for JPEG or bit-depth reduction).</summary>
public sealed class RoundingTransform(int levels) : IInputTransform
{
    public string Name => $"round:{levels}";

    public bool IsRandomized => false;

    public bool IsDifferentiable => false;

    public Tensor Apply(Tensor images)
    {
        using var scaled = images * (levels - 1);
        using var rounded = scaled.round();
        return rounded / (levels - 1);
    }
}

/// <summary>Adds fresh uniform noise of amplitude <c>amplitude</c> on every call, then clips to [0, 1]:
/// a randomised preprocessing for EOT tests.</summary>
public sealed class NoiseTransform(double amplitude) : IInputTransform
{
    public string Name => $"noise:{amplitude}";

    public bool IsRandomized => true;

    public bool IsDifferentiable => true;

    public Tensor Apply(Tensor images)
    {
        using var noise = empty_like(images).uniform_(-amplitude, amplitude);
        using var moved = images + noise;
        return moved.clamp(0, 1);
    }
}

/// <summary>Multiplies the image by one random gain s ~ U(0, 2) per call: with a bias-free linear model the
/// margin's gradient is s times the clean one, so the EOT average is known exactly.</summary>
public sealed class GainTransform : IInputTransform
{
    public string Name => "gain";

    public bool IsRandomized => true;

    public bool IsDifferentiable => true;

    public Tensor Apply(Tensor images)
    {
        using var u = rand(1);
        using var gain = u * 2.0;
        return images * gain;
    }
}

/// <summary>Counts the images every forward pass sees (rows), to check what an attack costs.</summary>
public sealed class CountingClassifier : FeatureClassifier
{
    public CountingClassifier(FeatureClassifier inner)
    {
        Inner = inner;
        register_module("inner", inner, owned: false);
    }

    public FeatureClassifier Inner { get; }

    public long Rows { get; private set; }

    public int Calls { get; private set; }

    public override int NumClasses => Inner.NumClasses;

    public override IReadOnlyList<string> FeatureNames => Inner.FeatureNames;

    public override ModelOutput forward(Tensor input)
    {
        Rows += input.size(0);
        Calls++;
        return Inner.forward(input);
    }
}

/// <summary>Returns NaN logits: attacks must refuse it with a clear message.</summary>
public sealed class NaNClassifier : FeatureClassifier
{
    private readonly Linear fc = new(64, 10);

    public NaNClassifier() => RegisterComponents();

    public override int NumClasses => 10;

    public override IReadOnlyList<string> FeatureNames { get; } = [];

    public override ModelOutput forward(Tensor input)
    {
        using var flat = input.flatten(1);
        using var logits = fc.call(flat);
        return new ModelOutput(logits * double.NaN, new Dictionary<string, Tensor>());
    }
}
