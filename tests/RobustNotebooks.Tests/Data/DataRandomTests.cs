using RobustNotebooks.Data;

namespace RobustNotebooks.Tests.Data;

public class DataRandomTests
{
    [Fact]
    public void Same_seed_same_stream_different_seed_different_stream()
    {
        var a = new DataRandom(7);
        var b = new DataRandom(7);
        var c = new DataRandom(8);
        var xs = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(xs, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(xs, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void NextInt_is_in_range_and_roughly_uniform()
    {
        var random = new DataRandom(1);
        var counts = new int[7];
        for (int i = 0; i < 70000; i++) counts[random.NextInt(7)]++;
        Assert.All(counts, n => Assert.InRange(n, 9500, 10500));
    }

    [Fact]
    public void Permutation_is_a_permutation()
    {
        var p = new DataRandom(3).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), p);
    }
}
