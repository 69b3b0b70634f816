using System.Globalization;
using RobustNotebooks.Attacks;
using RobustNotebooks.Data;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>Two-pixel images: pixel 0 is the signal s the model reads, pixel 1 the sample's id
/// ((i + 0.5) / N), which the test attacks read to decide whom they break. The label is s &gt; 0.5,
/// wrong on every 7th sample, so some samples are misclassified before any attack.</summary>
internal static class SignalData
{
    public static TensorImageSet Create(int count = 40, int seed = 3)
    {
        var random = new Random(seed);
        var pixels = new float[count * 2];
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            var s = (float)random.NextDouble();
            pixels[2 * i] = s;
            pixels[2 * i + 1] = (i + 0.5f) / count;
            labels[i] = (s > 0.5f ? 1 : 0) ^ (i % 7 == 3 ? 1 : 0);
        }
        return new TensorImageSet("signal", DataSplit.Test, ["low", "high"], tensor(pixels, [count, 1, 1, 2]), tensor(labels, [count]));
    }

    /// <summary>Which samples the model gets right on clean images.</summary>
    public static bool[] CleanCorrect(TensorImageSet data)
    {
        using var scope = NewDisposeScope();
        var x = data.Images.flatten(1).to(ScalarType.Float32, Device.CPU).data<float>();
        var y = data.Labels.cpu().data<long>();
        return Enumerable.Range(0, data.Count).Select(i => (x[2 * i] > 0.5f ? 1 : 0) == y[i]).ToArray();
    }
}

/// <summary>Predicts "high" when the signal pixel exceeds 0.5 (logits ±scale·(s − 0.5)); counts its calls
/// and the images it saw. <paramref name="round"/> rounds the signal first (gradient zero everywhere);
/// <paramref name="noise"/> adds Gaussian noise to the logits (a randomised model).</summary>
internal sealed class SignalModel(double scale = 10, bool round = false, double noise = 0) : FeatureClassifier
{
    public int Calls { get; private set; }
    public long Images { get; private set; }

    public override int NumClasses => 2;

    public override IReadOnlyList<string> FeatureNames => [];

    public override ModelOutput forward(Tensor input)
    {
        Calls++;
        Images += input.size(0);
        using var scope = NewDisposeScope();
        var s = input.flatten(1).narrow(1, 0, 1);
        if (round) s = s.round();
        var high = (s - 0.5) * scale;
        var logits = cat([high.neg(), high], 1);
        if (noise > 0) logits = logits + randn_like(logits) * noise;
        return new ModelOutput(logits.MoveToOuterDisposeScope(), new Dictionary<string, Tensor>());
    }
}

/// <summary>A test attack with a known outcome: it moves the signal pixel of the samples it picks (by id)
/// by <paramref name="reach"/>·ε toward the other class, L∞, clipped to [0, 1]; with
/// <paramref name="randomReach"/> the reach is drawn per sample from libtorch's generator instead.
/// <paramref name="lie"/> makes it report success without moving anything.</summary>
internal sealed class SelectiveAttack(string name, Func<double, bool>? picks = null, double reach = 1, bool randomReach = false,
    bool lie = false, double overshoot = 0) : Attack
{
    private readonly Func<double, bool> _picks = picks ?? (_ => true);

    public override string Name => name;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["norm"] = "Linf", ["reach"] = reach.ToString(CultureInfo.InvariantCulture), ["random"] = randomReach ? "yes" : "no",
    };

    public int Calls { get; private set; }
    public long ImagesSeen { get; private set; }

    protected override AttackResult Perturb(FeatureClassifier model, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        Calls++;
        ImagesSeen += images.size(0);
        int n = (int)images.size(0);
        float[] x;
        long[] y;
        using (var scope = NewDisposeScope())
        {
            x = images.flatten(1).cpu().data<float>();
            y = labels.cpu().data<long>();
        }
        float[] draws;
        using (var r = rand(new long[] { n })) draws = r.data<float>();
        var adv = (float[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            if (lie || !_picks(x[2 * i + 1])) continue;
            var step = (float)((randomReach ? draws[i] : reach) * eps + overshoot);
            adv[2 * i] = Math.Clamp(x[2 * i] + (y[i] == 1 ? -step : step), 0f, 1f);
        }
        var adversarials = tensor(adv, images.shape);
        Tensor success;
        using (no_grad())
        using (var logits = model.logits(adversarials))
        using (var predicted = logits.argmax(1))
            success = lie ? ones(new long[] { n }, ScalarType.Bool) : predicted.ne(labels);
        return new AttackResult(adversarials, success);
    }
}

internal static class Plans
{
    public static PlannedAttack Planned(Attack attack, AttackFamily family = AttackFamily.Iterative, string? variantOf = null) =>
        new(attack, family) { VariantOf = variantOf };

    public static EvaluationPlan Single(FeatureClassifier model, TensorImageSet data, int batchSize, params EvaluationTask[] tasks) =>
        new("signal", SampleSelection.First(data.Count), [new ModelPlan(new EvaluatedModel("signal", model), tasks)], batchSize, seed: 5);

    public static EvaluationTask Task(string protocol, double eps, CompositionMode mode, params PlannedAttack[] attacks) =>
        new(protocol, eps, mode, attacks);
}
