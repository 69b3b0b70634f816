namespace RobustNotebooks.Attacks;

/// <summary>APGD's checkpoints (Croce and Hein 2020, §3.2): the first window is ⌊0.22·N⌋ iterations, and
/// each next window is ⌊0.03·N⌋ shorter but at least ⌊0.06·N⌋ (every length at least 1). For N = 100 the
/// checks fall after iterations 22, 41, 57, 70, 80, 87, 93 and 99, the paper's
/// p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06) with p₀ = 0, p₁ = 0.22.</summary>
public static class ApgdSchedule
{
    /// <summary>The checkpoints as (iterations done, length of the window that ends there).</summary>
    public static IReadOnlyList<(int iteration, int window)> Checkpoints(int iterations)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "APGD needs at least one iteration");
        var window = Math.Max((int)(0.22 * iterations), 1);
        var shrink = Math.Max((int)(0.03 * iterations), 1);
        var shortest = Math.Max((int)(0.06 * iterations), 1);
        var result = new List<(int, int)>();
        for (int done = window; done <= iterations; done += window)
        {
            result.Add((done, window));
            window = Math.Max(window - shrink, shortest);
        }
        return result;
    }
}
