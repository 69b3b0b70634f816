namespace RobustNotebooks.Replication;

/// <summary>Two coordinates per feature vector for the feature-space picture: the vectors themselves when they
/// are 2-D (LeNet++'s 2-D penultimate layer), else their projection on the two leading principal axes.</summary>
public static class FeatureProjection
{
    public static (double[] X, double[] Y, string XTitle, string YTitle) To2D(float[,] features)
    {
        int n = features.GetLength(0), d = features.GetLength(1);
        if (n == 0) throw new ArgumentException("no feature vectors to project", nameof(features));
        if (d == 1) throw new ArgumentException("1-D features cannot be drawn in a plane", nameof(features));
        if (d == 2)
            return (Column(features, 0), Column(features, 1), "feature 1", "feature 2");
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
        var first = LeadingAxis(cov, null);
        var second = LeadingAxis(cov, first);
        var total = Enumerable.Range(0, d).Sum(j => cov[j, j]);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                var c = features[i, j] - mean[j];
                x[i] += c * first.Axis[j];
                y[i] += c * second.Axis[j];
            }
        return (x, y, $"PC 1 ({Share(first.Variance, total)} of the variance)", $"PC 2 ({Share(second.Variance, total)})");
    }

    private static string Share(double part, double total) => total <= 0 ? "—" : $"{100 * part / total:0} %";

    private static double[] Column(float[,] m, int j) => Enumerable.Range(0, m.GetLength(0)).Select(i => (double)m[i, j]).ToArray();

    // Power iteration on the covariance, deflated against the first axis when one is given. The start vector is
    // fixed, so the picture is the same on every run; the sign is fixed so the largest component is positive.
    private static (double[] Axis, double Variance) LeadingAxis(double[,] cov, (double[] Axis, double Variance)? deflate)
    {
        int d = cov.GetLength(0);
        var v = Enumerable.Range(0, d).Select(j => 1.0 + 0.01 * j).ToArray();
        var next = new double[d];
        double lambda = 0;
        for (int iteration = 0; iteration < 500; iteration++)
        {
            if (deflate is { } f) Orthogonalize(v, f.Axis);
            Normalize(v);
            for (int a = 0; a < d; a++)
            {
                double s = 0;
                for (int b = 0; b < d; b++) s += cov[a, b] * v[b];
                next[a] = s;
            }
            if (deflate is { } g) Orthogonalize(next, g.Axis);
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
