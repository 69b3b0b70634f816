namespace RobustNotebooks.Evaluation;

/// <summary>The attacks run on one model at one budget under one protocol.</summary>
public sealed record EvaluationTask
{
    public EvaluationTask(string protocol, double eps, CompositionMode mode, IReadOnlyList<PlannedAttack> attacks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(protocol);
        if (!double.IsFinite(eps) || eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), eps, "ε must be a finite number ≥ 0");
        ArgumentNullException.ThrowIfNull(attacks);
        var duplicate = attacks.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"attack '{duplicate.Key}' appears twice in the {protocol} task at ε={eps}; give the variants distinct names", nameof(attacks));
        foreach (var a in attacks)
            if (a.VariantOf is not null && !attacks.Any(b => b.Name == a.VariantOf))
                throw new ArgumentException($"attack '{a.Name}' is a variant of '{a.VariantOf}', which is not in the task", nameof(attacks));
        Protocol = protocol;
        Eps = eps;
        Mode = mode;
        Attacks = attacks;
    }

    public string Protocol { get; }
    public double Eps { get; }
    public CompositionMode Mode { get; }
    public IReadOnlyList<PlannedAttack> Attacks { get; }
}
