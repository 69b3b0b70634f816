using RobustNotebooks.Replication;

namespace RobustNotebooks.Tests.Replication;

/// <summary>The PCA behind the feature-space pictures against a closed form: points ±s_k·q_k around a mean,
/// with q_k the columns of a Householder reflection, have principal axes q_k (variances ordered by s_k), so
/// the k-th coordinate of the point ±s_k·q_k is ±s_k (times the axis's sign convention) and every other
/// coordinate is 0.</summary>
public class FeatureProjectionTests
{
    private static readonly double[] Scales = [3, 2, 1, 0.5, 0.1];
    private static readonly double[] Mean = [10, -4, 0.5, 7, 2];

    // Q = I − 2vvᵀ/|v|², orthogonal and symmetric: its columns are an orthonormal basis.
    private static double[,] Householder()
    {
        double[] v = [1, 2, 3, 4, 5];
        var norm2 = v.Sum(t => t * t);
        var q = new double[5, 5];
        for (int a = 0; a < 5; a++) for (int b = 0; b < 5; b++) q[a, b] = (a == b ? 1 : 0) - 2 * v[a] * v[b] / norm2;
        return q;
    }

    // Row 2k is mean + s_k·q_k, row 2k+1 is mean − s_k·q_k.
    private static float[,] Points(double[,] q)
    {
        var f = new float[10, 5];
        for (int k = 0; k < 5; k++)
            for (int j = 0; j < 5; j++)
            {
                f[2 * k, j] = (float)(Mean[j] + Scales[k] * q[j, k]);
                f[2 * k + 1, j] = (float)(Mean[j] - Scales[k] * q[j, k]);
            }
        return f;
    }

    [Fact]
    public void Three_components_are_the_leading_axes_with_their_variance_shares()
    {
        var q = Householder();
        var (x, y, z, xTitle, yTitle, zTitle, shares) = FeatureProjection.To3D(Points(q));
        var coordinates = new[] { x, y, z };
        for (int k = 0; k < 3; k++)
        {
            // The sign convention: the axis's largest component is positive.
            var column = Enumerable.Range(0, 5).Select(j => q[j, k]).ToArray();
            var sign = Math.Sign(column.MaxBy(Math.Abs));
            for (int p = 0; p < 5; p++)
            {
                var expected = p == k ? sign * Scales[k] : 0;
                Assert.Equal(expected, coordinates[k][2 * p], 4);
                Assert.Equal(-expected, coordinates[k][2 * p + 1], 4);
            }
        }
        // Shares of the total variance s_k² / Σ s²: 9, 4 and 1 of 14.26.
        Assert.Equal([9 / 14.26, 4 / 14.26, 1 / 14.26], shares.Select(v => Math.Round(v, 6)), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(["PC 1 (63 %)", "PC 2 (28 %)", "PC 3 (7 %)"], new[] { xTitle, yTitle, zTitle });
        var (_, _, longTitle, shortTitle) = FeatureProjection.To2D(Points(q));
        Assert.Equal("PC 1 (63 % of the variance)", longTitle);
        Assert.Equal("PC 2 (28 %)", shortTitle);
    }

    [Fact]
    public void Two_components_match_the_first_two_of_three()
    {
        var points = Points(Householder());
        var (x2, y2, _, _) = FeatureProjection.To2D(points);
        var (x3, y3, _, _, _, _, _) = FeatureProjection.To3D(points);
        Assert.Equal(x3, x2);
        Assert.Equal(y3, y2);
    }

    [Fact]
    public void Features_with_as_many_dimensions_as_axes_are_drawn_as_they_are()
    {
        var f = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var (x, y, z, xTitle, yTitle, zTitle, shares) = FeatureProjection.To3D(f);
        Assert.Equal([1.0, 4.0], x);
        Assert.Equal([2.0, 5.0], y);
        Assert.Equal([3.0, 6.0], z);
        Assert.Equal(["feature 1", "feature 2", "feature 3"], new[] { xTitle, yTitle, zTitle });
        Assert.All(shares, s => Assert.True(double.IsNaN(s)));
        var e = Assert.Throws<ArgumentException>(() => FeatureProjection.To3D(new float[,] { { 1, 2 } }));
        Assert.Contains("2-D features cannot be drawn on 3 axes", e.Message);
        Assert.Throws<ArgumentException>(() => FeatureProjection.To2D(new float[0, 4]));
    }
}
