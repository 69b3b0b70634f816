namespace RobustNotebooks.Evaluation;

/// <summary>How the attacks of one task meet the samples.</summary>
public enum CompositionMode
{
    /// <summary>Every attack runs on every clean-correct point; each row is that attack alone (the
    /// paper's tables), and the worst case is taken per example afterwards.</summary>
    Each,
    /// <summary>Each attack runs only on the points every earlier attack left standing (AutoAttack);
    /// a row is the accuracy after that attack and all before it, the last row the worst case.</summary>
    Cascade,
}
