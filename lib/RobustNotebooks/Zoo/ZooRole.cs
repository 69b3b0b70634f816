namespace RobustNotebooks.Zoo;

/// <summary>Which table of the replication a zoo model fills.</summary>
public enum ZooRole
{
    /// <summary>The paper's main rows: softmax, PCL, PCL + adversarial training.</summary>
    Main,
    /// <summary>Adversarially trained and denoising baselines of the seed article.</summary>
    Defense,
    /// <summary>The loss-term and layer ablation of PCL.</summary>
    Ablation,
    /// <summary>A model the black-box protocol crafts transfer attacks on.</summary>
    Substitute,
}
