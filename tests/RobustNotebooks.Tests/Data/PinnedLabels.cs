namespace RobustNotebooks.Tests.Data;

/// <summary>Values recorded from a reviewed run, to catch accidental changes to fixed splits.</summary>
internal static class PinnedLabels
{
    public static readonly int[] Mnist10kTrainHead = [3, 8, 4, 2, 5];
}
