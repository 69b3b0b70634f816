using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using static RobustNotebooks.Tests.Torch.Leaves;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Finite-difference checks of every differentiable Tensor method and torch function.</summary>
public class TensorGradientTests : LiveTensorCheck
{
    internal static readonly Dictionary<string, GradCase> Cases = new()
    {
        // elementwise unary
        ["neg"] = new(() => [Normal(3, 4)], x => x[0].neg()),
        ["unary minus"] = new(() => [Normal(3, 4)], x => -x[0]),
        ["abs"] = new(() => [Normal(3, 4)], x => x[0].abs()),
        ["sqrt"] = new(() => [Positive(3, 4)], x => x[0].sqrt()),
        ["rsqrt"] = new(() => [Positive(3, 4)], x => x[0].rsqrt()),
        ["exp"] = new(() => [Normal(3, 4)], x => x[0].exp()),
        ["log"] = new(() => [Positive(3, 4)], x => x[0].log()),
        ["log1p"] = new(() => [Positive(3, 4)], x => x[0].log1p()),
        ["sin"] = new(() => [Normal(3, 4)], x => x[0].sin()),
        ["cos"] = new(() => [Normal(3, 4)], x => x[0].cos()),
        ["tanh"] = new(() => [Normal(3, 4)], x => x[0].tanh()),
        ["sigmoid"] = new(() => [Normal(3, 4)], x => x[0].sigmoid()),
        ["relu"] = new(() => [Normal(3, 4)], x => x[0].relu()),
        ["reciprocal"] = new(() => [Positive(3, 4)], x => x[0].reciprocal()),
        ["square"] = new(() => [Normal(3, 4)], x => x[0].square()),
        ["erf"] = new(() => [Normal(3, 4)], x => x[0].erf()),
        ["floor is flat"] = new(() => [Distinct(3, 4)], x => (x[0] * 7.3 + 0.05).floor() + x[0]),
        ["sign is flat"] = new(() => [Normal(3, 4)], x => x[0].sign() * 3 + x[0]),
        // binary, broadcasting and scalars
        ["add"] = new(() => [Normal(3, 4), Normal(4)], x => x[0] + x[1]),
        ["add alpha"] = new(() => [Normal(3, 4), Normal(3, 4)], x => x[0].add(x[1], 2.5)),
        ["sub"] = new(() => [Normal(3, 4), Normal(3, 1)], x => x[0] - x[1]),
        ["mul"] = new(() => [Normal(3, 4), Normal(1, 4)], x => x[0] * x[1]),
        ["div"] = new(() => [Normal(3, 4), Positive(3, 4)], x => x[0] / x[1]),
        ["pow tensor"] = new(() => [Positive(3, 4), Normal(3, 4)], x => x[0].pow(x[1])),
        ["pow scalar"] = new(() => [Positive(3, 4)], x => x[0].pow(2.5)),
        ["scalar ops"] = new(() => [Positive(3, 4)], x => (2.0 - x[0]) * 3 + 1.5 / x[0] - x[0] / 4 + (1 + x[0])),
        ["maximum"] = new(() => [Distinct(3, 4), Distinct(3, 4)], x => x[0].maximum(x[1] + 0.01)),
        ["minimum"] = new(() => [Distinct(3, 4), Distinct(3, 4)], x => minimum(x[0], x[1] + 0.01)),
        ["atan2"] = new(() => [Normal(3, 4), Positive(3, 4)], x => x[0].atan2(x[1])),
        ["remainder"] = new(() => [Distinct(3, 4)], x => (x[0] * 3.1 + 0.05).remainder(0.7)),
        ["clamp scalar"] = new(() => [Normal(3, 4)], x => x[0].clamp(-0.5, 0.5)),
        ["clamp_min clamp_max"] = new(() => [Normal(3, 4)], x => x[0].clamp_min(-0.3).clamp_max(0.4)),
        ["clamp tensor"] = new(() => [Normal(3, 4), Normal(3, 4)], x => x[0].clamp(x[1] - 0.5, x[1] + 0.5)),
        ["where"] = new(() => [Normal(3, 4), Normal(3, 4)], x => where(x[0] > 0, x[0] * 2, x[1].exp())),
        // matrix products
        ["mm"] = new(() => [Normal(3, 4), Normal(4, 5)], x => x[0].mm(x[1])),
        ["matmul batched"] = new(() => [Normal(2, 3, 4), Normal(4, 2)], x => x[0].matmul(x[1])),
        ["bmm"] = new(() => [Normal(2, 3, 4), Normal(2, 4, 2)], x => x[0].bmm(x[1])),
        ["addmm"] = new(() => [Normal(3, 5), Normal(3, 4), Normal(4, 5)], x => x[0].addmm(x[1], x[2], 0.5, 2.0)),
        // reductions
        ["sum"] = new(() => [Normal(3, 4)], x => x[0].sum()),
        ["sum dims keepdim"] = new(() => [Normal(2, 3, 4)], x => x[0].sum([0, 2], keepdim: true)),
        ["mean"] = new(() => [Normal(3, 4)], x => x[0].mean(1)),
        ["prod"] = new(() => [Positive(3, 4)], x => x[0].prod(1)),
        ["prod all"] = new(() => [Positive(2, 3)], x => x[0].prod()),
        ["amax amin"] = new(() => [Distinct(3, 4)], x => x[0].amax(1) + x[0].amin([0], true).sum()),
        ["max min all"] = new(() => [Distinct(3, 4)], x => x[0].max() - x[0].min()),
        ["max min dim"] = new(() => [Distinct(3, 4)], x => x[0].max(1).values + x[0].min(1).values),
        ["logsumexp"] = new(() => [Normal(3, 4)], x => x[0].logsumexp(1)),
        ["norm 2"] = new(() => [Normal(3, 4)], x => x[0].norm(2, 1)),
        ["norm inf"] = new(() => [Distinct(3, 4)], x => x[0].norm(double.PositiveInfinity, [1])),
        ["norm 1 all"] = new(() => [Normal(3, 4)], x => x[0].norm(1)),
        ["std var"] = new(() => [Normal(3, 5)], x => x[0].std(1) + x[0].var(1, unbiased: false)),
        ["std var all"] = new(() => [Normal(3, 5)], x => x[0].std() * x[0].var()),
        ["cumsum"] = new(() => [Normal(3, 4)], x => x[0].cumsum(1)),
        ["sort values"] = new(() => [Distinct(3, 5)], x => x[0].sort(1, descending: true).values),
        ["topk values"] = new(() => [Distinct(3, 5)], x => x[0].topk(2).values),
        // views, indexing, joins
        ["view reshape"] = new(() => [Normal(3, 4)], x => x[0].view(4, 3).reshape(2, 6)),
        ["expand repeat"] = new(() => [Normal(3, 1)], x => x[0].expand(3, 4) * x[0].repeat(1, 4)),
        ["permute transpose t"] = new(() => [Normal(2, 3, 4)], x => x[0].permute(2, 0, 1).transpose(0, 1).flatten(1).t()),
        ["flip"] = new(() => [Normal(3, 4)], x => x[0].flip(0, 1) * x[0]),
        ["squeeze unsqueeze"] = new(() => [Normal(3, 1, 4)], x => x[0].squeeze(1).unsqueeze(0).squeeze()),
        ["narrow slice select"] = new(() => [Normal(5, 6)], x => x[0].narrow(0, 1, 3).slice(1, 0, 6, 2).select(0, 1)),
        ["range indexer"] = new(() => [Normal(5, 3)], x => x[0][1..4] * x[0][2]),
        ["index_select"] = new(() => [Normal(5, 3)], x => x[0].index_select(0, tensor(new long[] { 4, 0, 4 }, device: x[0].device))),
        ["tensor indexers"] = new(() => [Normal(5, 3)], x => x[0][tensor(new long[] { 1, 3 }, device: x[0].device)].sum() + x[0][x[0] > 0].sum()),
        ["gather"] = new(() => [Normal(3, 4)], x => x[0].gather(1, tensor(new long[,] { { 0, 3 }, { 1, 1 }, { 2, 0 } }, device: x[0].device))),
        ["scatter src"] = new(() => [Normal(3, 4), Normal(3, 2)], x => x[0].scatter(1, tensor(new long[,] { { 0, 3 }, { 1, 2 }, { 2, 0 } }, device: x[0].device), x[1])),
        ["scatter value"] = new(() => [Normal(3, 4)], x => x[0].scatter(1, tensor(new long[,] { { 0 }, { 2 }, { 3 } }, device: x[0].device), 0.5)),
        ["scatter_add"] = new(() => [Normal(3, 4), Normal(3, 2)], x => x[0].scatter_add(1, tensor(new long[,] { { 0, 0 }, { 1, 2 }, { 3, 3 } }, device: x[0].device), x[1])),
        ["masked_fill masked_select"] = new(() => [Normal(3, 4)], x => x[0].masked_fill(x[0] < 0, 0.25) + x[0].masked_select(x[0] > 0.5).sum()),
        ["cat stack"] = new(() => [Normal(2, 3), Normal(1, 3)], x => cat([x[0], x[1]], 0) * stack([x[1][0], x[1][0], x[1][0]], 0)),
        ["split chunk"] = new(() => [Normal(5, 4)], x => x[0].split(2)[2] * x[0].chunk(2, 1)[1].sum() + x[0].split([1L, 4L])[0]),
        ["clone contiguous alias"] = new(() => [Normal(3, 4)], x => x[0].clone().t().contiguous().alias() * x[0].t()),
        ["to float64 copy"] = new(() => [Normal(3, 4)], x => x[0].to(float64, copy: true).square()),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name)
    {
        manual_seed(1234);
        using var scope = NewDisposeScope();
        var c = Cases[name];
        GradCheck.Verify(c.F, c.Inputs());
    }

    [Fact]
    public void GradCheckCatchesAWrongGradient()
    {
        // d/dx (detach(x) * x) is x by autograd but 2x by the value: the helper must notice.
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = Normal(4);
        var failure = GradCheck.Compare(xs => xs[0].detach() * xs[0], [x]);
        Assert.NotNull(failure);
        Assert.Contains("finite difference", failure);
    }

    [Fact]
    public void GradCheckAllocatesNothingThatOutlivesIt()
    {
        manual_seed(6);
        using var x = Normal(3, 2);
        using var w = Normal(2, 2);
        var before = Tensor.LiveCount;
        GradCheck.Verify(xs => xs[0].mm(xs[1]).tanh(), x, w);
        Assert.Equal(before, Tensor.LiveCount);
    }
}
