using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Attacks;

/// <summary>The whole batch's answer as an attack builds it. Each example keeps the first point found that
/// the model misclassifies (a point once misclassified stays the found adversarial, so more steps or
/// restarts can only add successes); an example never fooled keeps the point the attack chose last
/// (its final iterate or its best-loss point), and the image itself until then.
/// Rows of a working batch map to examples through a row → example index; several rows (restarts)
/// may share an example, and the earliest row wins a tie.</summary>
internal sealed class AdversarialRecord : IDisposable
{
    public AdversarialRecord(Tensor images)
    {
        using var scope = NewDisposeScope();
        Adversarials = images.detach().clone().DetachFromDisposeScope();
        Fooled = zeros([images.size(0)], ScalarType.Bool, images.device).DetachFromDisposeScope();
        bestScore = Enumerable.Repeat(double.NegativeInfinity, (int)images.size(0)).ToArray();
    }

    // The score of each unfooled example's kept point, so later restarts only replace it with a better one.
    private readonly double[] bestScore;

    public Tensor Adversarials { get; }

    /// <summary>Per example: an adversarial has been found (bool, N).</summary>
    public Tensor Fooled { get; }

    /// <summary>Records the rows of <paramref name="points"/> flagged in <paramref name="misclassified"/>
    /// for examples not fooled before; returns how many examples were newly fooled.</summary>
    public int RecordFooled(Tensor rowExample, Tensor points, Tensor misclassified)
    {
        using var scope = NewDisposeScope();
        using var already = Fooled.index_select(0, rowExample);
        using var fresh = misclassified.logical_and(already.logical_not());
        var rows = fresh.nonzero().squeeze(1);
        if (rows.numel() == 0) return 0;
        var rowIds = rows.cpu().data<long>();
        var exampleOfRow = rowExample.index_select(0, rows).cpu().data<long>();
        var seen = new HashSet<long>();
        var keepRows = new List<long>();
        var keepExamples = new List<long>();
        for (int i = 0; i < rowIds.Length; i++)
            if (seen.Add(exampleOfRow[i])) { keepRows.Add(rowIds[i]); keepExamples.Add(exampleOfRow[i]); }
        var device = points.device;
        var rowIndex = tensor(keepRows.ToArray(), device: device);
        var exampleIndex = tensor(keepExamples.ToArray(), device: device);
        var chosen = points.index_select(0, rowIndex);
        Adversarials.index_copy_(0, exampleIndex, chosen.to(Adversarials.dtype));
        using var yes = ones([exampleIndex.size(0)], ScalarType.Bool, device);
        Fooled.index_copy_(0, exampleIndex, yes);
        return keepExamples.Count;
    }

    /// <summary>For examples still not fooled, keeps the row of <paramref name="points"/> with the largest
    /// <paramref name="score"/> among that example's rows, if it beats what an earlier call kept.</summary>
    public void RecordBest(Tensor rowExample, Tensor points, Tensor score)
    {
        using var scope = NewDisposeScope();
        var examples = rowExample.cpu().data<long>();
        var scores = score.to(ScalarType.Float64).cpu().data<double>();
        var fooled = Fooled.cpu().data<bool>();
        var best = new Dictionary<long, int>();
        for (int i = 0; i < examples.Length; i++)
        {
            if (fooled[examples[i]] || !(scores[i] > bestScore[examples[i]])) continue;
            if (!best.TryGetValue(examples[i], out var b) || scores[i] > scores[b]) best[examples[i]] = i;
        }
        foreach (var (example, row) in best) bestScore[example] = scores[row];
        if (best.Count == 0) return;
        var device = points.device;
        var rowIndex = tensor(best.Values.Select(i => (long)i).ToArray(), device: device);
        var exampleIndex = tensor(best.Keys.ToArray(), device: device);
        var chosen = points.index_select(0, rowIndex);
        Adversarials.index_copy_(0, exampleIndex, chosen.to(Adversarials.dtype));
    }

    /// <summary>Row indexes (long) of the rows whose example is not fooled yet.</summary>
    public Tensor StandingRows(Tensor rowExample)
    {
        using var fooled = Fooled.index_select(0, rowExample);
        using var standing = fooled.logical_not();
        using var rows = standing.nonzero();
        return rows.squeeze(1);
    }

    /// <summary>Hands both tensors to the caller as the attack's result.</summary>
    public AttackResult ToResult() => new(Adversarials, Fooled);

    public void Dispose()
    {
        Adversarials.Dispose();
        Fooled.Dispose();
    }
}
