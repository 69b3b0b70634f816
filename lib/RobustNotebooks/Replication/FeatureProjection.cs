namespace RobustNotebooks.Replication;

/// <summary>Two or three coordinates per feature vector for the feature-space pictures: the vectors themselves
/// when they have that many dimensions (LeNet++'s 2-D penultimate layer), else their projection on the leading
/// principal axes of their covariance (PCA), each axis titled with its share of the total variance.</summary>
public static class FeatureProjection
{
    /// <summary>Two axes, titled "PC 1 (x % of the variance)" and "PC 2 (y %)", or "feature 1" and "feature 2".</summary>
    public static (double[] X, double[] Y, string XTitle, string YTitle) To2D(float[,] features)
    {
        var (c, shares) = Project(features, 2);
        return (c[0], c[1], Title(0, shares, full: true), Title(1, shares, full: false));
    }

    /// <summary>Three axes with short titles for a 3-D scene, "PC k (x %)" (x: its share of the total variance),
    /// or "feature k"; <c>Shares</c> holds the shares (NaN for features drawn as they are).</summary>
    public static (double[] X, double[] Y, double[] Z, string XTitle, string YTitle, string ZTitle, double[] Shares) To3D(float[,] features)
    {
        var (c, shares) = Project(features, 3);
        return (c[0], c[1], c[2], Title(0, shares, full: false), Title(1, shares, full: false), Title(2, shares, full: false), shares);
    }

    private static string Title(int k, double[] shares, bool full) =>
        double.IsNaN(shares[k]) ? $"feature {k + 1}" : $"PC {k + 1} ({Share(shares[k])}{(full ? " of the variance" : "")})";

    private static string Share(double share) => $"{100 * share:0} %";

    /// <summary>The first <paramref name="components"/> principal components of the rows of
    /// <paramref name="features"/> (N×D), centred on their mean, with each axis's share of the total variance;
    /// the features themselves (shares NaN) when D equals <paramref name="components"/>.</summary>
    public static (double[][] Coordinates, double[] Shares) Project(float[,] features, int components)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.GetLength(0), d = features.GetLength(1);
        if (components < 1) throw new ArgumentOutOfRangeException(nameof(components), components, "at least one component");
        if (n == 0) throw new ArgumentException("no feature vectors to project", nameof(features));
        if (d < components)
            throw new ArgumentException($"{d}-D features cannot be drawn on {components} axes", nameof(features));
        if (d == components)
            return (Enumerable.Range(0, d).Select(j => Column(features, j)).ToArray(), Enumerable.Repeat(double.NaN, d).ToArray());
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += features[i, j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var cov = new double[d, d];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) row[j] = features[i, j] - mean[j];
            for (int a = 0; a < d; a++)
            {
                if (row[a] == 0) continue;
                for (int b = a; b < d; b++) cov[a, b] += row[a] * row[b];
            }
        }
        for (int a = 0; a < d; a++) for (int b = a; b < d; b++) cov[b, a] = cov[a, b] /= Math.Max(n - 1, 1);
        var axes = new List<(double[] Axis, double Variance)>();
        for (int k = 0; k < components; k++) axes.Add(LeadingAxis(cov, axes));
        var total = Enumerable.Range(0, d).Sum(j => cov[j, j]);
        var coordinates = axes.Select(_ => new double[n]).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                var c = features[i, j] - mean[j];
                for (int k = 0; k < components; k++) coordinates[k][i] += c * axes[k].Axis[j];
            }
        return (coordinates, axes.Select(a => total > 0 ? a.Variance / total : 0).ToArray());
    }

    private static double[] Column(float[,] m, int j) => Enumerable.Range(0, m.GetLength(0)).Select(i => (double)m[i, j]).ToArray();

    // Power iteration on the covariance, deflated against the axes already found. The start vector is fixed,
    // so the picture is the same on every run; the sign is fixed so the largest component is positive.
    private static (double[] Axis, double Variance) LeadingAxis(double[,] cov, IReadOnlyList<(double[] Axis, double Variance)> found)
    {
        int d = cov.GetLength(0);
        var v = Enumerable.Range(0, d).Select(j => 1.0 + 0.01 * j).ToArray();
        var next = new double[d];
        double lambda = 0;
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            foreach (var f in found) Orthogonalize(v, f.Axis);
            Normalize(v);
            for (int a = 0; a < d; a++)
            {
                double s = 0;
                for (int b = 0; b < d; b++) s += cov[a, b] * v[b];
                next[a] = s;
            }
            foreach (var f in found) Orthogonalize(next, f.Axis);
            var norm = Math.Sqrt(next.Sum(t => t * t));
            if (norm == 0) break;
            var change = 0.0;
            for (int a = 0; a < d; a++) { var u = next[a] / norm; change = Math.Max(change, Math.Abs(u - v[a])); v[a] = u; }
            lambda = norm;
            if (change < 1e-10) break;
        }
        var largest = v.MaxBy(Math.Abs);
        if (largest < 0) for (int a = 0; a < d; a++) v[a] = -v[a];
        return (v, lambda);
    }

    private static void Orthogonalize(double[] v, double[] axis)
    {
        var dot = v.Zip(axis, (a, b) => a * b).Sum();
        for (int i = 0; i < v.Length; i++) v[i] -= dot * axis[i];
    }

    private static void Normalize(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(t => t * t));
        if (norm > 0) for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
