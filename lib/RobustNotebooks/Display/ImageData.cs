namespace RobustNotebooks.Display;

/// <summary>
/// A small image with values in [0, 1], stored channel-first (C×H×W) like a PyTorch image tensor,
/// so <c>x.data&lt;float&gt;().ToArray()</c> of a [1|3, H, W] tensor can be passed as it is.
/// </summary>
public sealed record ImageData
{
    private readonly float[] _pixels;

    public ImageData(float[] pixels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (channels is not (1 or 3)) throw new ArgumentException($"An image has 1 (gray) or 3 (RGB) channels, not {channels}.", nameof(channels));
        if (height <= 0 || width <= 0) throw new ArgumentException($"Image size must be positive, got {height}×{width}.");
        if (pixels.Length != channels * height * width)
            throw new ArgumentException($"A {channels}×{height}×{width} image needs {channels * height * width} values, got {pixels.Length}.", nameof(pixels));
        for (var i = 0; i < pixels.Length; i++)
            if (!float.IsFinite(pixels[i])) throw new ArgumentException($"Pixel value {i} is {pixels[i]}; images must be finite.", nameof(pixels));
        _pixels = (float[])pixels.Clone();
        Channels = channels;
        Height = height;
        Width = width;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>A grayscale image from H×W values in row-major order.</summary>
    public static ImageData Gray(float[] pixels, int height, int width) => new(pixels, 1, height, width);

    public static ImageData Gray(float[,] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        int h = pixels.GetLength(0), w = pixels.GetLength(1);
        var flat = new float[h * w];
        Buffer.BlockCopy(pixels, 0, flat, 0, flat.Length * sizeof(float));
        return new ImageData(flat, 1, h, w);
    }

    /// <summary>An RGB image from 3×H×W channel-first values (PyTorch layout).</summary>
    public static ImageData Rgb(float[] channelFirst, int height, int width) => new(channelFirst, 3, height, width);

    /// <summary>An RGB image from H×W×3 interleaved values (NumPy/PIL layout).</summary>
    public static ImageData RgbInterleaved(float[] interleaved, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(interleaved);
        if (interleaved.Length != 3 * height * width)
            throw new ArgumentException($"A {height}×{width}×3 image needs {3 * height * width} values, got {interleaved.Length}.", nameof(interleaved));
        var planar = new float[interleaved.Length];
        for (var p = 0; p < height * width; p++)
            for (var c = 0; c < 3; c++)
                planar[c * height * width + p] = interleaved[p * 3 + c];
        return new ImageData(planar, 3, height, width);
    }

    /// <summary>The value of channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int c, int y, int x] => _pixels[(c * Height + y) * Width + x];

    /// <summary>The pixel as 0–255 RGB; values outside [0, 1] are clipped, as an image viewer would.</summary>
    public (int R, int G, int B) Rgb255(int y, int x)
    {
        if (Channels == 1)
        {
            var v = To255(this[0, y, x]);
            return (v, v, v);
        }
        return (To255(this[0, y, x]), To255(this[1, y, x]), To255(this[2, y, x]));
    }

    private static int To255(float v) => (int)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
}
