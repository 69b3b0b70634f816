using System.Runtime.InteropServices;

namespace RobustNotebooks.Defenses;

/// <summary>The TurboJPEG C API of libjpeg-turbo (Debian's libturbojpeg0, API 2.x: tjInitCompress,
/// tjCompress2, tjDecompress2), called directly: a real encode and decode, the same codec that
/// Pillow and most image tools use.</summary>
internal static partial class TurboJpeg
{
    private const string Library = "libturbojpeg.so.0";

    // Pixel formats and chroma subsampling codes of turbojpeg.h.
    public const int PixelRgb = 0;
    public const int PixelGray = 6;
    public const int Subsample420 = 2;
    public const int SubsampleGray = 3;
    // TurboJPEG encodes with the fast integer DCT unless asked; libjpeg (and so Pillow) defaults to
    // the accurate one. Decoding is accurate by default in both.
    public const int FlagAccurateDct = 4096;

    [LibraryImport(Library)] private static partial IntPtr tjInitCompress();
    [LibraryImport(Library)] private static partial IntPtr tjInitDecompress();
    [LibraryImport(Library)] private static partial int tjDestroy(IntPtr handle);
    [LibraryImport(Library)] private static partial void tjFree(IntPtr buffer);
    [LibraryImport(Library)] private static partial IntPtr tjGetErrorStr2(IntPtr handle);

    [LibraryImport(Library)]
    private static unsafe partial int tjCompress2(IntPtr handle, byte* source, int width, int pitch, int height, int pixelFormat,
        IntPtr* jpeg, nuint* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library)]
    private static unsafe partial int tjDecompressHeader3(IntPtr handle, byte* jpeg, nuint jpegSize, int* width, int* height,
        int* subsampling, int* colorspace);

    [LibraryImport(Library)]
    private static unsafe partial int tjDecompress2(IntPtr handle, byte* jpeg, nuint jpegSize, byte* destination, int width, int pitch,
        int height, int pixelFormat, int flags);

    /// <summary>A compressor and a decompressor, used for one batch on one thread (TurboJPEG handles
    /// are not thread-safe).</summary>
    public sealed class Codec : IDisposable
    {
        private IntPtr compressor;
        private IntPtr decompressor;

        public Codec()
        {
            try
            {
                compressor = tjInitCompress();
                decompressor = tjInitDecompress();
            }
            catch (DllNotFoundException e)
            {
                throw new DllNotFoundException($"the JPEG defense needs libjpeg-turbo's TurboJPEG library ({Library}); on Debian: apt-get install libturbojpeg0", e);
            }
            if (compressor == IntPtr.Zero || decompressor == IntPtr.Zero)
            {
                Dispose();
                throw new InvalidOperationException("TurboJPEG could not create its compressor or decompressor");
            }
        }

        /// <summary>Encodes an interleaved 8-bit image (gray: 1 byte per pixel, RGB: 3) at the quality
        /// and decodes it back into <paramref name="pixels"/>; returns the JPEG's size in bytes.</summary>
        public unsafe int RoundTrip(Span<byte> pixels, int width, int height, bool rgb, int quality)
        {
            int format = rgb ? PixelRgb : PixelGray;
            int channels = rgb ? 3 : 1;
            if (pixels.Length != width * height * channels)
                throw new ArgumentException($"expected {width * height * channels} bytes for a {width}×{height}×{channels} image, got {pixels.Length}", nameof(pixels));
            IntPtr jpeg = IntPtr.Zero;
            nuint size = 0;
            try
            {
                fixed (byte* p = pixels)
                {
                    if (tjCompress2(compressor, p, width, width * channels, height, format, &jpeg, &size,
                            rgb ? Subsample420 : SubsampleGray, quality, FlagAccurateDct) != 0)
                        throw Error(compressor, "encode");
                    int w, h, sub, space;
                    if (tjDecompressHeader3(decompressor, (byte*)jpeg, size, &w, &h, &sub, &space) != 0)
                        throw Error(decompressor, "read the header of");
                    if (w != width || h != height)
                        throw new InvalidOperationException($"TurboJPEG decoded a {w}×{h} image from a {width}×{height} one");
                    if (tjDecompress2(decompressor, (byte*)jpeg, size, p, width, width * channels, height, format, 0) != 0)
                        throw Error(decompressor, "decode");
                }
                return (int)size;
            }
            finally
            {
                if (jpeg != IntPtr.Zero) tjFree(jpeg);
            }
        }

        private static Exception Error(IntPtr handle, string what) =>
            new InvalidOperationException($"TurboJPEG could not {what} the image: {Marshal.PtrToStringUTF8(tjGetErrorStr2(handle))}");

        public void Dispose()
        {
            if (compressor != IntPtr.Zero) tjDestroy(compressor);
            if (decompressor != IntPtr.Zero) tjDestroy(decompressor);
            compressor = decompressor = IntPtr.Zero;
        }
    }
}
