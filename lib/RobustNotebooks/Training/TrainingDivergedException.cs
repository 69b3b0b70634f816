namespace RobustNotebooks.Training;

/// <summary>The training loss stopped being a finite number: the weights are unusable, so the run stops
/// before it saves them. The checkpoint of the last finished epoch, if there is one, stays as it was.</summary>
public sealed class TrainingDivergedException(string runDirectory, int epoch, int batch, double meanLoss)
    : Exception($"{runDirectory}: training diverged in epoch {epoch + 1} by batch {batch}: the mean training loss is {meanLoss} " +
                "(not a finite number), so the run stops and saves nothing of this epoch. Lower the learning rate (--lr) " +
                "or clip the gradient norm (--clip, e.g. 1).")
{
    public string RunDirectory { get; } = runDirectory;

    /// <summary>0-based.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The number of batches of the epoch done when the loss was found not finite.</summary>
    public int Batch { get; } = batch;

    public double MeanLoss { get; } = meanLoss;
}
