using System.Text.Json;

namespace RobustNotebooks.Evaluation;

/// <summary>What kind of attack a planned attack is; the audit compares families (an iterative attack
/// must beat a single-step one, white-box must beat black-box).</summary>
public enum AttackFamily
{
    /// <summary>One gradient step (FGSM).</summary>
    SingleStep,
    /// <summary>Iterative white-box gradient attacks (BIM, MIM, PGD, APGD, C&amp;W).</summary>
    Iterative,
    /// <summary>White-box attacks written against one defense (the PCL prototype attack, EOT, BPDA).</summary>
    Adaptive,
    /// <summary>Score-based black-box attacks that never read a gradient (Square).</summary>
    GradientFree,
    /// <summary>Adversarials crafted on another model and evaluated on this one.</summary>
    Transfer,
}

public static class AttackFamilies
{
    /// <summary>True for the families that read the attacked model's own gradients.</summary>
    public static bool IsWhiteBox(this AttackFamily family) =>
        family is AttackFamily.SingleStep or AttackFamily.Iterative or AttackFamily.Adaptive;

    /// <summary>The family as results and messages write it: single-step, iterative, adaptive, gradient-free, transfer.</summary>
    public static string Name(this AttackFamily family) => JsonNamingPolicy.KebabCaseLower.ConvertName(family.ToString());
}
