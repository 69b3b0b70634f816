using RobustNotebooks.Nn;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Defenses;

/// <summary>A feature-denoising block (Xie et al. CVPR 2019): y = x + BN(Conv1×1(D(x))), where D is a
/// non-local means, mean or median filter over the feature map. The BatchNorm's scale starts at zero,
/// so a fresh block is exactly the identity and training decides how much denoising to mix in. For
/// non-local means the embeddings θ and φ are 1×1 convolutions to C/2 channels initialised from
/// N(0, 0.01²), as in the authors' code; the values averaged are the features themselves.</summary>
public sealed class FeatureDenoisingBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d? theta;
    private readonly Conv2d? phi;
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;

    public FeatureDenoisingBlock(long channels, DenoisingOperation operation)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a denoising block needs at least one channel");
        Channels = channels;
        Operation = operation;
        if (operation is DenoisingOperation.NonLocalGaussian or DenoisingOperation.NonLocalDot)
        {
            EmbeddingDim = Math.Max(1, channels / 2);
            theta = new Conv2d(channels, EmbeddingDim, 1, bias: false);
            phi = new Conv2d(channels, EmbeddingDim, 1, bias: false);
        }
        conv = new Conv2d(channels, channels, 1, bias: false);
        norm = new BatchNorm2d(channels);
        RegisterComponents();
        using var _ = no_grad();
        if (theta is not null) nn.init.normal_(theta.weight, 0, 0.01);
        if (phi is not null) nn.init.normal_(phi.weight, 0, 0.01);
        nn.init.zeros_(norm.weight!);
    }

    public long Channels { get; }

    public DenoisingOperation Operation { get; }

    /// <summary>d, the channels of θ and φ (non-local means only).</summary>
    public long EmbeddingDim { get; }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.size(1) != Channels)
            throw new ArgumentException($"a denoising block for {Channels} channels needs N×{Channels}×H×W features, got [{string.Join(", ", x.shape)}]", nameof(x));
        using var scope = NewDisposeScope();
        var denoised = Denoise(x);
        var residual = norm.call(conv.call(denoised));
        return (x + residual).MoveToOuterDisposeScope();
    }

    /// <summary>D(x) alone, without the 1×1 convolution and the residual (for inspection and tests).</summary>
    public Tensor Denoise(Tensor x) => Operation switch
    {
        DenoisingOperation.NonLocalGaussian or DenoisingOperation.NonLocalDot => NonLocalMeans(x),
        DenoisingOperation.Mean => nn.functional.avg_pool2d(x, [3], [1], [1], count_include_pad: false),
        DenoisingOperation.Median => Median3x3(x),
        _ => throw new InvalidOperationException($"unknown denoising operation {Operation}"),
    };

    private Tensor NonLocalMeans(Tensor x)
    {
        using var scope = NewDisposeScope();
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), positions = h * w;
        var values = x.reshape(n, c, positions);
        var t = theta!.call(x).reshape(n, EmbeddingDim, positions);
        var p = phi!.call(x).reshape(n, EmbeddingDim, positions);
        Tensor result;
        if (Operation == DenoisingOperation.NonLocalGaussian)
        {
            // weights[i, j] = softmax over j of θᵢ·φⱼ / √d; output position i = Σⱼ weights[i, j] xⱼ.
            var weights = nn.functional.softmax(t.transpose(1, 2).bmm(p).div(Math.Sqrt(EmbeddingDim)), 2);
            result = values.bmm(weights.transpose(1, 2));
        }
        else
        {
            // Σⱼ (θᵢ·φⱼ) xⱼ / HW = ((x φᵀ) θ)ᵢ / HW: C×d then d×HW instead of an HW×HW matrix.
            result = values.bmm(p.transpose(1, 2)).bmm(t).div(positions);
        }
        return result.reshape(n, c, h, w).MoveToOuterDisposeScope();
    }

    private static Tensor Median3x3(Tensor x)
    {
        using var scope = NewDisposeScope();
        long h = x.size(2), w = x.size(3);
        var padded = nn.functional.pad(x, [1, 1, 1, 1], mode: "replicate");
        var shifts = new List<Tensor>(9);
        for (long dy = 0; dy < 3; dy++)
            for (long dx = 0; dx < 3; dx++)
                shifts.Add(padded.narrow(2, dy, h).narrow(3, dx, w));
        var (sorted, _) = stack(shifts, 2).sort(2);
        return sorted.select(2, 4).MoveToOuterDisposeScope();
    }

    public override string extra_repr() => $"{Channels}, {Operation}";
}
