using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>PyTorch's reset_parameters for Linear and ConvNd, shared so both match it exactly.</summary>
internal static class DefaultInit
{
    // a = √5 makes the kaiming bound 1/√fan_in: PyTorch's historical default, kept for parity.
    public static void LinearLike(Tensor weight, Tensor? bias)
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = torch.nn.init.calculate_fan_in_and_fan_out(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        torch.nn.init.uniform_(bias, -bound, bound);
    }
}
