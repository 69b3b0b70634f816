using System.Buffers.Binary;

namespace RobustNotebooks.Data;

/// <summary>A numeric array read from a MATLAB 5 file: its name, MATLAB class, dimensions and the
/// stored real part, kept in the element type it was written with (MATLAB may store a double array
/// as bytes when the values allow). Values are column-major, as MATLAB stores them.</summary>
public sealed class MatVariable
{
    public string Name { get; }
    /// <summary>MATLAB array class (mxDOUBLE_CLASS = 6, mxUINT8_CLASS = 9, …).</summary>
    public int ClassId { get; }
    public int[] Dimensions { get; }
    /// <summary>MAT data type of the stored values (miUINT8 = 2, miDOUBLE = 9, …).</summary>
    public int StorageType { get; }
    public long ElementCount { get; }

    private readonly byte[] _buffer;
    private readonly int _offset;
    private readonly bool _bigEndian;
    private readonly string _file;

    internal MatVariable(string file, string name, int classId, int[] dimensions, int storageType, long elementCount,
        byte[] buffer, int offset, bool bigEndian)
    {
        _file = file;
        Name = name;
        ClassId = classId;
        Dimensions = dimensions;
        StorageType = storageType;
        ElementCount = elementCount;
        _buffer = buffer;
        _offset = offset;
        _bigEndian = bigEndian;
    }

    internal static int SizeOf(int storageType) => storageType switch
    {
        MatFile.MiInt8 or MatFile.MiUInt8 => 1,
        MatFile.MiInt16 or MatFile.MiUInt16 => 2,
        MatFile.MiInt32 or MatFile.MiUInt32 or MatFile.MiSingle => 4,
        MatFile.MiDouble or MatFile.MiInt64 or MatFile.MiUInt64 => 8,
        _ => 0,
    };

    /// <summary>The stored bytes when they are unsigned bytes already; null otherwise.</summary>
    public ReadOnlySpan<byte> RawBytes => StorageType == MatFile.MiUInt8 ? _buffer.AsSpan(_offset, (int)ElementCount) : default;

    /// <summary>Value <paramref name="i"/> (column-major) as a double, whatever its storage type.</summary>
    public double this[long i]
    {
        get
        {
            if ((ulong)i >= (ulong)ElementCount) throw new ArgumentOutOfRangeException(nameof(i));
            int at = _offset + (int)(i * SizeOf(StorageType));
            var s = _buffer.AsSpan(at);
            return StorageType switch
            {
                MatFile.MiInt8 => (sbyte)s[0],
                MatFile.MiUInt8 => s[0],
                MatFile.MiInt16 => _bigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
                MatFile.MiUInt16 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
                MatFile.MiInt32 => _bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
                MatFile.MiUInt32 => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
                MatFile.MiSingle => _bigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
                MatFile.MiDouble => _bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
                MatFile.MiInt64 => _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
                MatFile.MiUInt64 => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
                _ => throw new DataFormatException(_file, $"variable {Name}: storage type {StorageType} is not numeric"),
            };
        }
    }

    /// <summary>All values as bytes, checking each is a whole number in 0..255.</summary>
    public byte[] ToBytes()
    {
        var raw = RawBytes;
        if (!raw.IsEmpty || ElementCount == 0) return raw.ToArray();
        var result = new byte[ElementCount];
        for (long i = 0; i < ElementCount; i++)
        {
            double v = this[i];
            if (!(v >= 0 && v <= 255 && v == Math.Floor(v)))
                throw new DataFormatException(_file, $"variable {Name}: value {v} at {i} is not a byte");
            result[i] = (byte)v;
        }
        return result;
    }
}
