using System.Globalization;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Evaluation;

/// <summary>The adversarials of transfer attacks, crafted once per batch and budget and shared by every
/// evaluated model. What a transfer attack crafts depends on the crafting model, the attack and the
/// images, never on the model it is tried on, so crafting it again for each evaluated model would repeat
/// the same gradients: the whole batch is crafted the first time any model asks (the attack seeds its own
/// draws), and each model reads its chosen points out of it.</summary>
internal sealed class TransferCache : IDisposable
{
    private readonly Dictionary<string, Tensor> crafted = [];

    /// <summary>The batch's adversarials for <paramref name="planned"/> (which must craft on another
    /// model), crafting them on first use.</summary>
    public Tensor Get(PlannedAttack planned, int batch, Tensor images, Tensor labels, double eps, CancellationToken cancellation)
    {
        var source = planned.CraftOn ?? throw new ArgumentException($"{planned.Name} is not a transfer attack", nameof(planned));
        var key = string.Join('\u001f', source.Name, source.Sha256, planned.Attack.Name,
            string.Join(',', planned.Attack.Settings.Select(s => $"{s.Key}={s.Value}")), planned.Attack.Seed.ToString(CultureInfo.InvariantCulture),
            eps.ToString("R", CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture));
        if (crafted.TryGetValue(key, out var found)) return found;
        using var scope = NewDisposeScope();
        using var result = planned.Attack.Run(source.Model, images, labels, eps, cancellation);
        var adversarials = result.Adversarials.detach().clone().DetachFromDisposeScope();
        crafted[key] = adversarials;
        return adversarials;
    }

    public void Dispose()
    {
        foreach (var t in crafted.Values) t.Dispose();
        crafted.Clear();
    }
}
