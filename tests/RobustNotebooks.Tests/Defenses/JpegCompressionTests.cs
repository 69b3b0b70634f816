using System.Diagnostics;
using RobustNotebooks.Defenses;
using RobustNotebooks.Tests.Data;
using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Defenses;

public class JpegCompressionTests : LiveTensorCheck
{
    // Pillow encodes and decodes with the same libjpeg-turbo (its libjpeg API, not TurboJPEG's):
    // quality q, 4:2:0 for RGB, islow DCT and fancy upsampling on both sides.
    private const string PillowRoundTrip = """
        import io, sys
        from PIL import Image
        src, dst, n, c, h, w, q = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:8])
        data = open(src, "rb").read()
        out = bytearray()
        size = h * w * c
        for i in range(n):
            im = Image.frombytes("RGB" if c == 3 else "L", (w, h), data[i * size:(i + 1) * size])
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=q)
            out += Image.open(io.BytesIO(buf.getvalue())).tobytes()
        open(dst, "wb").write(out)
        """;

    private static byte[] Pillow(byte[] hwc, int n, int c, int h, int w, int quality)
    {
        using var dir = new TempFolder();
        var src = Path.Combine(dir.Path, "in.bin");
        var dst = Path.Combine(dir.Path, "out.bin");
        var script = Path.Combine(dir.Path, "jpeg.py");
        File.WriteAllBytes(src, hwc);
        File.WriteAllText(script, PillowRoundTrip);
        var info = new ProcessStartInfo(PyTorchReference.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new object[] { script, src, dst, n, c, h, w, quality }) info.ArgumentList.Add(a.ToString()!);
        using var process = Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "Pillow failed: " + err);
        return File.ReadAllBytes(dst);
    }

    // Smooth shapes plus noise, like photos and garments rather than pure noise (which JPEG turns to mush).
    private static byte[] Images(int n, int c, int h, int w, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[n * h * w * c];
        for (int i = 0; i < n; i++)
        {
            double fx = random.NextDouble() * 0.5, fy = random.NextDouble() * 0.5, phase = random.NextDouble() * 6;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int k = 0; k < c; k++)
                    {
                        double v = 128 + 90 * Math.Sin(fx * x + fy * y + phase + k) + random.Next(-30, 31);
                        bytes[((i * h + y) * w + x) * c + k] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                    }
        }
        return bytes;
    }

    [Theory]
    [InlineData(1, 28, 28, 75)]
    [InlineData(1, 28, 28, 10)]
    [InlineData(1, 28, 28, 100)]
    [InlineData(3, 32, 32, 75)]
    [InlineData(3, 21, 19, 50)]
    public void MatchesPillowPixelForPixel(int c, int h, int w, int quality)
    {
        const int n = 4;
        var hwc = Images(n, c, h, w, seed: quality + c);
        var expected = Pillow(hwc, n, c, h, w, quality);
        using var scope = NewDisposeScope();
        var images = from_span<byte>(hwc, [n, h, w, c]).permute(0, 3, 1, 2).to(ScalarType.Float32).div(255);
        var output = new JpegCompression(quality).Apply(images);
        Assert.Equal(new long[] { n, c, h, w }, output.shape);
        var ours = output.mul(255).round().to(ScalarType.Byte).permute(0, 2, 3, 1).contiguous().data<byte>();
        Assert.Equal(expected.Length, ours.Length);
        int differing = ours.Zip(expected).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{differing} of {ours.Length} values differ from Pillow's");
        // A real codec: the image changed (at quality 100 too, through rounding in the DCT).
        Assert.NotEqual(hwc, ours);
        // Values are exact multiples of 1/255, so the uint8 image comes back unchanged.
        Assert.True(output.mul(255).sub(output.mul(255).round()).abs().max().ToDouble() < 1e-4);
    }

    [Fact]
    public void LowerQualityLosesMore()
    {
        using var scope = NewDisposeScope();
        var hwc = Images(4, 1, 28, 28, seed: 5);
        var images = from_span<byte>(hwc, [4, 28, 28, 1]).permute(0, 3, 1, 2).to(ScalarType.Float32).div(255);
        double Error(int q) => new JpegCompression(q).Apply(images).sub(images).abs().mean().ToDouble();
        Assert.True(Error(10) > Error(50) && Error(50) > Error(95), $"errors {Error(10)}, {Error(50)}, {Error(95)}");
    }

    [Fact]
    public void OutputIsDetachedAndFlagsSaySo()
    {
        using var scope = NewDisposeScope();
        var jpeg = new JpegCompression(75);
        Assert.False(jpeg.IsDifferentiable);
        Assert.False(jpeg.IsRandomized);
        var x = rand([2, 1, 28, 28], requires_grad: true);
        var y = jpeg.Apply(x);
        Assert.False(y.requires_grad);
        Assert.Equal("jpeg:75", jpeg.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void BadQualityIsRejected(int quality)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new JpegCompression(quality));
        Assert.Equal("quality", e.ParamName);
        Assert.Contains("1", e.Message);
        Assert.Throws<FormatException>(() => InputTransforms.Parse($"jpeg:{quality}"));
    }

    [Fact]
    public void BadImagesAreRejected()
    {
        using var scope = NewDisposeScope();
        var jpeg = new JpegCompression(75);
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => jpeg.Apply(rand(1, 2, 8, 8))).Message);
        Assert.Contains("N×C×H×W", Assert.Throws<ArgumentException>(() => jpeg.Apply(rand(8, 8))).Message);
        Assert.Contains("floating", Assert.Throws<ArgumentException>(() => jpeg.Apply(zeros([1, 1, 8, 8], ScalarType.Int64))).Message);
    }
}
