using System.Buffers.Binary;

namespace RobustNotebooks.Data;

/// <summary>An IDX array (the MNIST / Fashion-MNIST container): magic 00 00 type rank, then rank
/// big-endian int32 sizes, then the values. Only unsigned-byte arrays (type 0x08) occur in these data sets.</summary>
public sealed class IdxFile
{
    private const byte UnsignedByte = 0x08;

    public int[] Shape { get; }
    public byte[] Data { get; }
    public int DataOffset { get; }
    public int Length => Data.Length - DataOffset;

    private IdxFile(int[] shape, byte[] data, int offset)
    {
        Shape = shape;
        Data = data;
        DataOffset = offset;
    }

    public ReadOnlySpan<byte> Values => Data.AsSpan(DataOffset);

    /// <summary>Reads a plain or gzip IDX file and checks it has <paramref name="expectedRank"/> dimensions.</summary>
    public static IdxFile Read(string path, int expectedRank)
    {
        var bytes = DataFile.ReadAll(path);
        return Parse(path, bytes, expectedRank);
    }

    public static IdxFile Parse(string path, byte[] bytes, int expectedRank)
    {
        if (bytes.Length < 4) throw new DataFormatException(path, $"{bytes.Length} bytes is too short for an IDX header");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException(path, $"wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: not an IDX file");
        if (bytes[2] != UnsignedByte)
            throw new DataFormatException(path, $"IDX element type 0x{bytes[2]:X2} is not unsigned byte (0x08)");
        int rank = bytes[3];
        if (rank != expectedRank)
            throw new DataFormatException(path, $"IDX magic 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8} says {rank} dimensions; expected {expectedRank} (magic 0x000008{expectedRank:X2})");
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength) throw new DataFormatException(path, $"truncated: {bytes.Length} bytes cannot hold the {headerLength}-byte header");
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (size < 0) throw new DataFormatException(path, $"dimension {d} has negative size {size}");
            shape[d] = size;
            count *= size;
            if (count > Array.MaxLength) throw new DataFormatException(path, $"dimensions {string.Join('×', shape[..(d + 1)])} exceed any file this reader can hold");
        }
        long payload = bytes.Length - headerLength;
        if (payload < count)
            throw new DataFormatException(path, $"truncated: header says {string.Join('×', shape)} = {count} bytes of data, file has {payload}");
        if (payload > count)
            throw new DataFormatException(path, $"{payload - count} unexpected bytes after the {string.Join('×', shape)} data");
        return new IdxFile(shape, bytes, headerLength);
    }
}
