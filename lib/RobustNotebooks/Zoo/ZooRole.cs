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
    /// <summary>A model with a 2-D penultimate layer (lenetpp2d), drawn in the feature-space figure
    /// (the paper's Fig. 1) as it is, without a projection; not a row of the tables.</summary>
    Picture,
}

public static class ZooRoles
{
    /// <summary>Whether a model of this role is evaluated as a row of the replication's tables.</summary>
    public static bool IsTableRow(this ZooRole role) => role is ZooRole.Main or ZooRole.Defense or ZooRole.Ablation;
}
