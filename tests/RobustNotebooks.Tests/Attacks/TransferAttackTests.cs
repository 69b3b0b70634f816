using RobustNotebooks.Attacks;
using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Attacks;

public class TransferAttackTests
{
    [Fact]
    public void TransferCraftsOnTheSubstituteAndJudgesOnTheTarget()
    {
        using var scope = NewDisposeScope();
        var (target, images, labels) = SmallCnn.Fixed(seed: 101);
        using var _ = target;
        var (substitute, _, _) = SmallCnn.Fixed(seed: 102);
        using var __ = substitute;
        substitute.train();
        const double eps = 0.1;

        // from the target itself, transfer is the white-box attack
        using (var self = new TransferAttack(target, new Bim()).Run(target, images, labels, eps))
        using (var white = new Bim().Run(target, images, labels, eps))
        {
            Assert.True(self.Adversarials.allclose(white.Adversarials, 0, 0));
            Assert.True(self.Success.eq(white.Success).all().item<bool>());
        }

        var transfer = new TransferAttack(substitute, new Bim(), "cnn-102");
        using var result = transfer.Run(target, images, labels, eps);
        Assert.True(substitute.training, "the substitute's mode was not restored");
        var crafted = new Bim().Run(substitute, images, labels, eps);
        Assert.True(result.Adversarials.allclose(crafted.Adversarials, 0, 0), "the adversarials are not the substitute's");
        var wrong = target.logits(result.Adversarials).argmax(1).ne(labels);
        Assert.True(wrong.eq(result.Success).all().item<bool>(), "success must be judged on the target");
        Assert.False(result.Success.eq(crafted.Success).all().item<bool>(), "target and substitute agree on every example: the test cannot tell them apart");
        Assert.Equal("Transfer(BIM-10 from cnn-102)", transfer.Name);
        crafted.Dispose();
    }
}
