using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Defenses;

/// <summary>Random resizing and padding (Xie et al. ICLR 2018): each H×H image is resized to a random
/// size s in [H, P) and placed at a random offset on a P×P canvas of <see cref="PadValue"/>; the
/// canvas is then resized back to H×H (bilinear), so the defended model is the unchanged classifier.
/// Xie et al. go from 299 to [310, 331) on 331; scaled to 28×28 images the default is P = 34. Every
/// image gets its own draw from libtorch's generator (torch.manual_seed repeats them). Differentiable
/// but random, so attacks need EOT.</summary>
public sealed class RandomResizePad : IInputTransform
{
    /// <param name="paddedSize">P, the canvas side; larger than the image side</param>
    /// <param name="mode">"nearest" (Xie et al.'s resize) or "bilinear"</param>
    /// <param name="restoreSize">resize the canvas back to the image size (false: return P×P)</param>
    public RandomResizePad(int paddedSize = 34, string mode = "nearest", bool restoreSize = true, double padValue = 0)
    {
        if (paddedSize < 2)
            throw new ArgumentOutOfRangeException(nameof(paddedSize), paddedSize, "the padded size must be larger than the image side");
        if (mode is not ("nearest" or "bilinear"))
            throw new ArgumentException($"resize mode must be nearest or bilinear, got '{mode}'", nameof(mode));
        if (!(padValue >= 0 && padValue <= 1))
            throw new ArgumentOutOfRangeException(nameof(padValue), padValue, "the padding value is a pixel value in [0, 1]");
        PaddedSize = paddedSize;
        Mode = mode;
        RestoreSize = restoreSize;
        PadValue = padValue;
    }

    public int PaddedSize { get; }
    public string Mode { get; }
    public bool RestoreSize { get; }
    public double PadValue { get; }

    public string Name => "resize-pad:" + PaddedSize.ToString(CultureInfo.InvariantCulture);

    public bool IsRandomized => true;

    public bool IsDifferentiable => true;

    /// <summary>Per image: the resized side s, uniform in [imageSize, P), and the left and top offsets,
    /// each uniform in [0, P − s]. Apply makes exactly these draws, in this order.</summary>
    public (long[] Sizes, long[] Left, long[] Top) Draw(long count, long imageSize)
    {
        if (imageSize >= PaddedSize)
            throw new ArgumentException($"{Name}: the images are {imageSize}×{imageSize}, the canvas must be larger; use resize-pad:{imageSize + 6} or more");
        using var scope = NewDisposeScope();
        var sizes = randint(imageSize, PaddedSize, [count], ScalarType.Int64).data<long>();
        var u = rand([count, 2], ScalarType.Float64).data<double>();
        var left = new long[count];
        var top = new long[count];
        for (long i = 0; i < count; i++)
        {
            long room = PaddedSize - sizes[i];
            left[i] = Math.Min(room, (long)Math.Floor(u[2 * i] * (room + 1)));
            top[i] = Math.Min(room, (long)Math.Floor(u[2 * i + 1] * (room + 1)));
        }
        return (sizes, left, top);
    }

    public Tensor Apply(Tensor images)
    {
        InputTransformChecks.Images(images, Name);
        long n = images.size(0), h = images.size(2), w = images.size(3);
        if (h != w) throw new ArgumentException($"{Name}: square images only, got {h}×{w}", nameof(images));
        var (sizes, left, top) = Draw(n, h);
        using var scope = NewDisposeScope();
        var canvases = new Tensor[n];
        for (long i = 0; i < n; i++)
        {
            var resized = nn.functional.interpolate(images.narrow(0, i, 1), [sizes[i], sizes[i]], mode: Mode);
            long right = PaddedSize - sizes[i] - left[i], bottom = PaddedSize - sizes[i] - top[i];
            canvases[i] = nn.functional.pad(resized, [left[i], right, top[i], bottom], value: PadValue);
        }
        var padded = cat(canvases);
        var result = RestoreSize ? nn.functional.interpolate(padded, [h, w], mode: "bilinear") : padded;
        return result.MoveToOuterDisposeScope();
    }

    public override string ToString() => Name;
}
