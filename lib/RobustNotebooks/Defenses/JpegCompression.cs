using System.Globalization;
using RobustNotebooks.Models;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Defenses;

/// <summary>JPEG compression at a fixed quality (Das et al. 2017; Guo et al. 2018 use 75): each image
/// is rounded to 8 bits, encoded and decoded by libjpeg-turbo (gray images as gray JPEGs, RGB with
/// 4:2:0 chroma subsampling and the accurate DCT, as Pillow does by default). The result is detached: quantisation has no
/// useful gradient, so a gradient attack sees none unless it uses BPDA.</summary>
public sealed class JpegCompression : IInputTransform
{
    public JpegCompression(int quality = 75)
    {
        if (quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be an integer from 1 (smallest file) to 100 (best)");
        Quality = quality;
    }

    public int Quality { get; }

    public string Name => "jpeg:" + Quality.ToString(CultureInfo.InvariantCulture);

    public bool IsRandomized => false;

    public bool IsDifferentiable => false;

    public Tensor Apply(Tensor images)
    {
        InputTransformChecks.Images(images, Name);
        long n = images.size(0), c = images.size(1);
        int h = (int)images.size(2), w = (int)images.size(3);
        if (c is not (1 or 3))
            throw new ArgumentException($"{Name}: JPEG codes gray (1 channel) or RGB (3 channels) images, got {c} channels", nameof(images));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Bytes in H×W×C order, as the codec reads them.
        var bytes = images.detach().to(ScalarType.Float32, Device.CPU).clamp(0, 1).mul(255).round()
            .permute(0, 2, 3, 1).contiguous().to(ScalarType.Byte).data<byte>();
        long perImage = (long)h * w * c;
        using (var codec = new TurboJpeg.Codec())
            for (long i = 0; i < n; i++)
                codec.RoundTrip(bytes.AsSpan((int)(i * perImage), (int)perImage), w, h, c == 3, Quality);
        var decoded = from_span<byte>(bytes, [n, h, w, c]).permute(0, 3, 1, 2).to(ScalarType.Float32).div(255)
            .to(images.dtype, images.device).contiguous();
        return decoded.MoveToOuterDisposeScope();
    }

    public override string ToString() => Name;
}
