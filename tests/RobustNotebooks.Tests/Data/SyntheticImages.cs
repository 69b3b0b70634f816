namespace RobustNotebooks.Tests.Data;

/// <summary>Seeded random images and labels for format round-trips.</summary>
internal static class SyntheticImages
{
    public static byte[] Bytes(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public static int[] Labels(int count, int classes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray();
    }
}
