namespace RobustNotebooks.Evaluation;

/// <summary>One line of the results: a model's accuracy under one attack (or clean, or the per-example
/// worst case) at one ε, over <see cref="N"/> samples. <see cref="RobustExamples"/> holds which samples
/// stayed correct ('0'/'1' in sample order), <see cref="BrokenExamples"/> which ones this attack itself
/// broke (null for the clean and worst-case rows).</summary>
public sealed record ResultRow(string Model, string Protocol, string Attack, double Eps, int N, int Robust, double Seconds,
    CompositionMode? Mode, AttackFamily? Family, string? VariantOf, string? CraftOn, string RobustExamples, string? BrokenExamples)
{
    public const string Clean = "clean";
    public const string WorstCase = "worst case";

    /// <summary>Robust accuracy as a fraction.</summary>
    public double Accuracy => N == 0 ? double.NaN : (double)Robust / N;

    public bool IsAttack => Family is not null;
}
