using System.Globalization;
using RobustNotebooks.Attacks;
using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

/// <summary>FGSM, BIM (with and without the first-success shortcut), MIM and PGD without random start against scripts/reference/attacks.py, a plain
/// PyTorch implementation run on the same weights and images (Debian's python3-torch, same libtorch).</summary>
public class PyTorchAttackReferenceTests
{
    private static string Script([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../scripts/reference/attacks.py"));

    [Fact]
    public void GradientAttacksMatchPyTorch()
    {
        const double eps = 0.03;
        using var scope = NewDisposeScope();
        var (model, images, labels) = SmallCnn.Fixed(seed: 23);
        using var _ = model;
        var dir = Directory.CreateTempSubdirectory("rn-attack-ref-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.safetensors");
            var output = Path.Combine(dir.FullName, "out.safetensors");
            var tensors = model.state_dict();
            tensors["images"] = images;
            tensors["labels"] = labels;
            Safetensors.Save(input, tensors, new Dictionary<string, string> { ["eps"] = eps.ToString("R", CultureInfo.InvariantCulture) });
            PyTorchReference.RunScript(Script(), input, output);
            var expected = Safetensors.Load(output).tensors;

            var attacks = new Dictionary<string, Attack>
            {
                ["fgsm"] = new Fgsm(),
                ["bim"] = new Bim(),
                ["mim"] = new Mim(),
                ["pgd"] = new Pgd { RandomStart = false, StepSize = 2.0 / 255 },
            };
            foreach (var (name, attack) in attacks)
            {
                using var result = attack.Run(model, images, labels, eps);
                var diff = (result.Adversarials - expected[name]).abs().max().ToDouble();
                Assert.True(diff <= 1e-5, $"{attack.Name} differs from PyTorch by {diff}");
                var fooled = result.Success.sum().ToInt64();
                Assert.True(fooled > 0 && fooled < images.size(0), $"{attack.Name} fooled {fooled} of {images.size(0)}: the comparison needs both kinds");
            }

            // Without the shortcut, BIM is the textbook loop: every example's tenth iterate.
            using var final = new Bim { StopAtFirstSuccess = false }.Run(model, images, labels, eps);
            var finalDiff = (final.Adversarials - expected["bim_final"]).abs().max().ToDouble();
            Assert.True(finalDiff <= 1e-5, $"BIM without the shortcut differs from PyTorch's final iterates by {finalDiff}");
            var shortcutDiff = (expected["bim"] - expected["bim_final"]).abs().max().ToDouble();
            Assert.True(shortcutDiff > 1e-3, "the first fooling iterate and the final one agree on every example: the check cannot tell them apart");
            var wrong = model.logits(final.Adversarials).argmax(1).ne(labels);
            Assert.True(wrong.eq(final.Success).all().item<bool>(), "success must describe the final iterates returned");
        }
        finally { dir.Delete(true); }
    }
}
