using RobustNotebooks.Attacks;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>Every attack configuration the property tests run, by a short key, with its budget on the
/// 8×8 test images.</summary>
public static class AttackCatalog
{
    public static readonly Dictionary<string, (Func<Attack> create, double eps, bool deterministic)> All = new()
    {
        ["fgsm"] = (() => new Fgsm(), 0.1, true),
        ["bim"] = (() => new Bim(), 0.1, true),
        ["mim"] = (() => new Mim(), 0.1, true),
        ["pgd"] = (() => new Pgd { Seed = 3 }, 0.1, false),
        ["pgd-fixed"] = (() => new Pgd { RandomStart = false, StepSize = 2.0 / 255 }, 0.1, true),
        ["pgd-margin-restarts"] = (() => new Pgd { Loss = new MarginLoss(), Restarts = 3, Seed = 5 }, 0.1, false),
        ["pgd-dlr"] = (() => new Pgd { Loss = new DlrLoss(), RandomStart = false }, 0.1, true),
        ["pgd-l2"] = (() => new Pgd { ThreatNorm = AttackNorm.L2, Seed = 4 }, 0.5, false),
        ["pgd-l2-fixed"] = (() => new Pgd { ThreatNorm = AttackNorm.L2, RandomStart = false }, 0.5, true),
        ["fgm-l2"] = (() => new Fgsm { ThreatNorm = AttackNorm.L2 }, 0.5, true),
        ["pgd-bpda"] = (() => new Pgd { Gradient = new StraightThrough(), RandomStart = false }, 0.1, true),
        ["apgd-ce"] = (() => new Apgd { Iterations = 20, Seed = 1 }, 0.05, false),
        ["apgd-dlr"] = (() => new Apgd { Loss = new DlrLoss(), Iterations = 20, Restarts = 2, Seed = 1 }, 0.05, false),
        ["apgd-l2"] = (() => new Apgd { ThreatNorm = AttackNorm.L2, Iterations = 20, Seed = 1 }, 0.3, false),
        ["apgd-t"] = (() => new ApgdTargeted { Iterations = 10, Targets = 3, Seed = 1 }, 0.05, false),
        ["square"] = (() => new Square { Queries = 300, Seed = 6 }, 0.1, false),
        ["cw"] = (() => new CarliniWagnerL2 { BinarySearchSteps = 3, Iterations = 40, InitialConst = 1 }, 1.0, true),
        ["cw-capped"] = (() => new CarliniWagnerL2 { LinfCap = true, BinarySearchSteps = 3, Iterations = 40, InitialConst = 1 }, 0.1, true),
        ["pgd-eot"] = (() => new Pgd { Gradient = new ExpectationOverTransformation(3), Seed = 8 }, 0.1, false),
    };

    public static IEnumerable<object[]> Keys() => All.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> DeterministicKeys() => All.Where(a => a.Value.deterministic).Select(a => new object[] { a.Key });
}
