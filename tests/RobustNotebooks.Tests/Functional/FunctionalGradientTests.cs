using RobustNotebooks.Nn;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;
using static RobustNotebooks.Tests.Torch.Leaves;
using F = RobustNotebooks.Torch.torch.nn.functional;

namespace RobustNotebooks.Tests.Functional;

/// <summary>Finite-difference checks of every differentiable torch.nn.functional function, in the
/// configurations the models and attacks use (strides, padding, groups, weights, smoothing...).</summary>
public class FunctionalGradientTests : LiveTensorCheck
{
    private static Tensor Labels(Device device, params long[] values) => tensor(values, device: device);
    private static Tensor Fixed(Tensor t) => t.requires_grad_(false);

    internal static readonly Dictionary<string, GradCase> Cases = new()
    {
        ["conv2d bias"] = new(() => [Normal(2, 2, 5, 5), Normal(3, 2, 3, 3), Normal(3)], x => F.conv2d(x[0], x[1], x[2])),
        ["conv2d stride padding"] = new(() => [Normal(1, 2, 6, 5), Normal(3, 2, 3, 3)], x => F.conv2d(x[0], x[1], stride: [2], padding: [1, 2])),
        ["conv2d dilation groups"] = new(() => [Normal(1, 4, 7, 7), Normal(4, 2, 3, 3), Normal(4)], x => F.conv2d(x[0], x[1], x[2], dilation: [2], groups: 2)),
        ["linear"] = new(() => [Normal(4, 5), Normal(3, 5), Normal(3)], x => F.linear(x[0], x[1], x[2])),
        ["linear no bias 3-D"] = new(() => [Normal(2, 4, 5), Normal(3, 5)], x => F.linear(x[0], x[1])),
        ["batch_norm training"] = new(() => [Normal(4, 3, 2, 2), Normal(3), Normal(3), zeros([3], float64), ones([3], float64)],
            x => F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: true)),
        ["batch_norm training no stats"] = new(() => [Normal(5, 2, 3)], x => F.batch_norm(x[0], null, null, training: true)),
        ["batch_norm eval"] = new(() => [Normal(4, 3, 2, 2), Normal(3), Normal(3), Fixed(Normal(3)), Fixed(Positive(3))],
            x => F.batch_norm(x[0], x[3], x[4], x[1], x[2], training: false)),
        ["relu"] = new(() => [Normal(3, 4)], x => F.relu(x[0])),
        ["prelu shared"] = new(() => [Normal(2, 3, 4), Normal(1)], x => F.prelu(x[0], x[1])),
        ["prelu per channel"] = new(() => [Normal(2, 3, 2, 2), Normal(3)], x => F.prelu(x[0], x[1])),
        ["leaky_relu"] = new(() => [Normal(3, 4)], x => F.leaky_relu(x[0], 0.2)),
        ["sigmoid tanh"] = new(() => [Normal(3, 4)], x => F.sigmoid(x[0]) * F.tanh(x[0])),
        ["softmax"] = new(() => [Normal(3, 4)], x => F.softmax(x[0], 1)),
        ["softmax dim 0"] = new(() => [Normal(3, 4)], x => F.softmax(x[0], 0)),
        ["log_softmax"] = new(() => [Normal(3, 4)], x => F.log_softmax(x[0], -1)),
        ["dropout identity"] = new(() => [Normal(3, 4)], x => F.dropout(x[0], 0.5, training: false) + F.dropout(x[0], 0.0)),
        ["max_pool2d"] = new(() => [Distinct(1, 2, 6, 6)], x => F.max_pool2d(x[0], 2)),
        ["max_pool2d stride padding ceil"] = new(() => [Distinct(1, 2, 7, 7)], x => F.max_pool2d(x[0], [3], stride: [2], padding: [1], ceil_mode: true)),
        ["avg_pool2d"] = new(() => [Normal(1, 2, 6, 6)], x => F.avg_pool2d(x[0], 2)),
        ["avg_pool2d padding exclude ceil"] = new(() => [Normal(1, 2, 7, 7)], x => F.avg_pool2d(x[0], [3, 2], stride: [2], padding: [1], ceil_mode: true, count_include_pad: false)),
        ["adaptive_avg_pool2d"] = new(() => [Normal(2, 2, 5, 5)], x => F.adaptive_avg_pool2d(x[0], 2, 3)),
        ["cross_entropy"] = new(() => [Normal(5, 4)], x => F.cross_entropy(x[0], Labels(x[0].device, 0, 3, 1, 2, 3))),
        ["cross_entropy sum"] = new(() => [Normal(5, 4)], x => F.cross_entropy(x[0], Labels(x[0].device, 0, 3, 1, 2, 3), reduction: Reduction.Sum)),
        ["cross_entropy none"] = new(() => [Normal(5, 4)], x => F.cross_entropy(x[0], Labels(x[0].device, 0, 3, 1, 2, 3), reduction: Reduction.None)),
        ["cross_entropy weights smoothing"] = new(() => [Normal(5, 4)],
            x => F.cross_entropy(x[0], Labels(x[0].device, 0, 3, 1, 2, 3), tensor(new double[] { 1, 2, 0.5, 1.5 }, device: x[0].device), label_smoothing: 0.2)),
        ["cross_entropy ignore_index"] = new(() => [Normal(5, 4)], x => F.cross_entropy(x[0], Labels(x[0].device, 0, -1, 1, 2, -1), ignore_index: -1)),
        ["cross_entropy spatial"] = new(() => [Normal(2, 3, 2, 2)], x => F.cross_entropy(x[0], tensor(new long[] { 0, 1, 2, 1, 2, 0, 0, 1 }, [2, 2, 2], x[0].device))),
        ["nll_loss"] = new(() => [Normal(5, 4)], x => F.nll_loss(F.log_softmax(x[0], 1), Labels(x[0].device, 0, 3, 1, 2, 3))),
        ["nll_loss weights sum"] = new(() => [Normal(5, 4)],
            x => F.nll_loss(F.log_softmax(x[0], 1), Labels(x[0].device, 0, 3, 1, 2, 3), tensor(new double[] { 1, 2, 0.5, 1.5 }, device: x[0].device), Reduction.Sum)),
        ["mse_loss"] = new(() => [Normal(3, 4), Normal(3, 4)], x => F.mse_loss(x[0], x[1])),
        ["mse_loss none"] = new(() => [Normal(3, 4), Normal(3, 4)], x => F.mse_loss(x[0], x[1], Reduction.None)),
        ["kl_div"] = new(() => [Normal(3, 4), Normal(3, 4)], x => F.kl_div(F.log_softmax(x[0], 1), F.softmax(x[1], 1), Reduction.Sum)),
        ["kl_div log_target"] = new(() => [Normal(3, 4), Normal(3, 4)], x => F.kl_div(F.log_softmax(x[0], 1), F.log_softmax(x[1], 1), Reduction.Mean, log_target: true)),
        ["interpolate nearest size"] = new(() => [Normal(1, 2, 3, 4)], x => F.interpolate(x[0], size: [7, 9])),
        ["interpolate nearest scale"] = new(() => [Normal(1, 2, 3, 4)], x => F.interpolate(x[0], scale_factor: 2)),
        ["interpolate bilinear"] = new(() => [Normal(1, 2, 3, 4)], x => F.interpolate(x[0], size: [5, 6], mode: "bilinear")),
        ["interpolate bilinear align_corners down"] = new(() => [Normal(1, 2, 6, 5)], x => F.interpolate(x[0], size: [4, 3], mode: "bilinear", align_corners: true)),
        ["pad constant"] = new(() => [Normal(1, 2, 3, 4)], x => F.pad(x[0], [1, 2, 0, 1], value: 0.5)),
        ["pad reflect"] = new(() => [Normal(1, 2, 4, 5)], x => F.pad(x[0], [2, 1, 1, 2], "reflect")),
        ["pad replicate"] = new(() => [Normal(1, 2, 3, 4)], x => F.pad(x[0], [2, 1, 1, 3], "replicate")),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name)
    {
        manual_seed(4321);
        using var scope = NewDisposeScope();
        var c = Cases[name];
        GradCheck.Verify(c.F, c.Inputs());
    }
}
