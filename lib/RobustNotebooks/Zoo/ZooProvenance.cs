namespace RobustNotebooks.Zoo;

/// <summary>Where a shipped zoo model came from and what it measured.</summary>
/// <param name="Command">the exact command that trained it</param>
/// <param name="Commit">the repository commit the trainer ran at</param>
/// <param name="Versions">library, libtorch and .NET versions of the training run</param>
/// <param name="TestAccuracy">the run's own last-epoch test accuracy over <paramref name="TestSamples"/> images</param>
/// <param name="NearestPrototypeAccuracy">for PCL models, the nearest-prototype accuracy of the same epoch</param>
/// <param name="Check">the clean accuracy on the manifest's check slice, measured when shipped; the zoo test recomputes it</param>
/// <param name="Files">SHA-256 (lower-case hex) of every shipped file by file name</param>
public sealed record ZooProvenance(string Command, string Commit, long Seed, int Epochs, DateTimeOffset Trained,
    IReadOnlyDictionary<string, string> Versions, double TestAccuracy, double? NearestPrototypeAccuracy, int TestSamples,
    double? TrainSeconds, ZooCheck Check, IReadOnlyDictionary<string, string> Files);

/// <summary>Clean accuracy on the first <paramref name="Samples"/> test images: <paramref name="Correct"/> of them.</summary>
public sealed record ZooCheck(int Samples, int Correct)
{
    public double Accuracy => (double)Correct / Samples;
}
