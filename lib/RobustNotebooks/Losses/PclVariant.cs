namespace RobustNotebooks.Losses;

/// <summary>The two readings of the prototype conformity loss (see docs in PrototypeConformityLoss).</summary>
public enum PclVariant
{
    /// <summary>What the official code computes: squared-L2 proximity to the own-class center and
    /// contrastive proximity to the other centers, separate center sets per term and per layer,
    /// each updated by its own plain SGD with the gradient rescaled by 1/weight.</summary>
    Official,

    /// <summary>The paper's Eq. 5: shared prototypes, L2 distances, and the center-to-center term.</summary>
    Paper,
}
