using System.Buffers.Binary;
using System.IO.Compression;

namespace RobustNotebooks.Data;

/// <summary>Reads a data file whole, undoing gzip when the file starts with the gzip magic bytes
/// (1f 8b), so "x.gz" and its decompressed twin load alike whatever their names.</summary>
public static class DataFile
{
    // Deflate cannot expand more than about 1032:1; a size hint beyond that is a corrupt trailer.
    private const long MaxDeflateRatio = 1032;

    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    public static byte[] ReadAll(string path)
    {
        byte[] raw;
        try { raw = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw; }
        catch (DirectoryNotFoundException) { throw; }
        catch (IOException e) { throw new DataFormatException(path, $"cannot be read: {e.Message}", e); }
        return IsGzip(raw) ? Gunzip(path, raw) : raw;
    }

    /// <summary>Decompresses a gzip image, checking the trailer's CRC-32 and length, so a flipped bit
    /// inside the compressed data is reported rather than decoded into wrong pixels.</summary>
    public static byte[] Gunzip(string path, byte[] compressed)
    {
        if (compressed.Length < 18) throw new DataFormatException(path, $"gzip stream of {compressed.Length} bytes is shorter than a gzip header and trailer");
        long hint = BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 4));
        long ceiling = Math.Min((long)compressed.Length * MaxDeflateRatio + 1024, Array.MaxLength);
        if (hint > ceiling)
            throw new DataFormatException(path, $"gzip trailer records {hint} bytes, more than {compressed.Length} compressed bytes can hold: truncated or corrupt");
        if (TryInflateSingleMember(compressed, (int)hint) is { } fast) return fast;
        // Careful path: several gzip members (whose trailers GZipStream does not check), or damage.
        byte[] output;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            var buffer = new MemoryStream();
            CopyBounded(path, gzip, buffer, ceiling);
            output = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
        if (output.Length < hint)
            throw new DataFormatException(path, $"gzip stream ends after {output.Length} bytes but its trailer records {hint}: truncated or corrupt");
        // The final trailer covers the last member only; for a single member that is everything.
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 8));
        if (Crc32.Compute(output.AsSpan(output.Length - (int)hint)) != expectedCrc)
            throw new DataFormatException(path, "corrupt gzip stream: CRC-32 of the decompressed data does not match the trailer");
        return output;
    }

    /// <summary>The common case, a single gzip member: raw inflate plus our own CRC-32 and length check.
    /// Null when anything is off (several members, damage); the caller then takes the careful path,
    /// which reports damage precisely.</summary>
    private static byte[]? TryInflateSingleMember(byte[] compressed, int size)
    {
        int at = SkipHeader(compressed);
        if (at < 0 || at > compressed.Length - 8) return null;
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 8));
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(compressed, at, compressed.Length - 8 - at, writable: false), CompressionMode.Decompress);
            var output = new byte[size];
            if (inflate.ReadAtLeast(output, size, throwOnEndOfStream: false) != size || inflate.ReadByte() >= 0) return null;
            return Crc32.Compute(output) == expectedCrc ? output : null;
        }
        catch (InvalidDataException) { return null; }
        catch (IOException) { return null; }
    }

    /// <summary>Offset of the deflate data after a gzip member header (RFC 1952 §2.3), or −1.</summary>
    private static int SkipHeader(byte[] b)
    {
        const int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;
        if (b.Length < 10 || b[2] != 8) return -1;
        int flags = b[3];
        int at = 10;
        if ((flags & FEXTRA) != 0)
        {
            if (at + 2 > b.Length) return -1;
            at += 2 + (b[at] | b[at + 1] << 8);
        }
        if ((flags & FNAME) != 0) at = SkipZeroTerminated(b, at);
        if ((flags & FCOMMENT) != 0) at = SkipZeroTerminated(b, at);
        if ((flags & FHCRC) != 0 && at >= 0) at += 2;
        return at >= 0 && at <= b.Length ? at : -1;
    }

    private static int SkipZeroTerminated(byte[] b, int at)
    {
        if (at < 0 || at >= b.Length) return -1;
        int zero = Array.IndexOf(b, (byte)0, at);
        return zero < 0 ? -1 : zero + 1;
    }

    private static void CopyBounded(string path, Stream source, MemoryStream target, long ceiling)
    {
        var chunk = new byte[1 << 16];
        int n;
        while ((n = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            target.Write(chunk, 0, n);
            if (target.Length > ceiling) throw new DataFormatException(path, "gzip stream expands beyond what deflate allows; it is corrupt");
        }
    }
}
