using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RobustNotebooks.Data;

/// <summary>Reader for the subset of the MATLAB 5 MAT-file format that numeric data sets use:
/// a 128-byte header, then data elements, each either a numeric matrix (miMATRIX) or one compressed
/// with zlib (miCOMPRESSED, MATLAB's default since v7). Cell, struct, sparse, character and complex
/// arrays are skipped over, not decoded. Every length read from the file is checked against the bytes
/// actually there before it is used, so a damaged file fails with a <see cref="DataFormatException"/>.</summary>
public static class MatFile
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6,
        MiSingle = 7, MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    private const int HeaderLength = 128;
    private const int ComplexFlag = 0x0800;
    // Numeric array classes: mxDOUBLE_CLASS (6) through mxUINT64_CLASS (15).
    private const int FirstNumericClass = 6, LastNumericClass = 15;
    private const long MaxInflateRatio = 1032;

    public static IReadOnlyDictionary<string, MatVariable> Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw; }
        catch (DirectoryNotFoundException) { throw; }
        catch (IOException e) { throw new DataFormatException(path, $"cannot be read: {e.Message}", e); }
        return Parse(path, bytes);
    }

    public static IReadOnlyDictionary<string, MatVariable> Parse(string path, byte[] bytes)
    {
        if (bytes.Length < HeaderLength) throw new DataFormatException(path, $"{bytes.Length} bytes is shorter than the 128-byte MAT-file header");
        var text = Encoding.ASCII.GetString(bytes, 0, 19);
        if (text.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
            throw new DataFormatException(path, "a MATLAB 7.3 (HDF5) file; only the MATLAB 5 format (save -v7 or older) is read");
        if (!text.StartsWith("MATLAB 5.0 MAT-file", StringComparison.Ordinal))
            throw new DataFormatException(path, "not a MATLAB 5 MAT-file (header text does not start with \"MATLAB 5.0 MAT-file\")");
        bool bigEndian = (bytes[126], bytes[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw new DataFormatException(path, $"endian indicator 0x{bytes[126]:X2}{bytes[127]:X2} is neither 'IM' nor 'MI'"),
        };
        int version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(124)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(124));
        if (version != 0x0100) throw new DataFormatException(path, $"MAT-file version 0x{version:X4}; expected 0x0100");

        var variables = new Dictionary<string, MatVariable>();
        int pos = HeaderLength;
        while (pos < bytes.Length)
        {
            var (type, length, dataAt, next) = Tag(path, bytes, pos, bytes.Length, bigEndian, padded: false);
            if (type == MiCompressed)
            {
                var inner = Inflate(path, bytes, dataAt, length, bigEndian);
                var (innerType, innerLength, innerAt, innerNext) = Tag(path, inner, 0, inner.Length, bigEndian, padded: false);
                if (innerType != MiMatrix) throw new DataFormatException(path, $"compressed element at byte {pos} holds data type {innerType}, not a matrix");
                if (innerNext != inner.Length) throw new DataFormatException(path, $"compressed element at byte {pos} has {inner.Length - innerNext} bytes after its matrix");
                Add(path, variables, Matrix(path, inner, innerAt, innerLength, bigEndian));
            }
            else if (type == MiMatrix)
            {
                Add(path, variables, Matrix(path, bytes, dataAt, length, bigEndian));
            }
            else
            {
                throw new DataFormatException(path, $"top-level element at byte {pos} has data type {type}; expected a matrix (14) or compressed (15)");
            }
            pos = next;
        }
        return variables;
    }

    private static void Add(string path, Dictionary<string, MatVariable> variables, MatVariable? variable)
    {
        if (variable is null) return;
        if (!variables.TryAdd(variable.Name, variable)) throw new DataFormatException(path, $"variable {variable.Name} appears twice");
    }

    /// <summary>Reads the tag at <paramref name="pos"/>: the small form packs length and type in one
    /// word with up to 4 data bytes; the long form has two words then the data, padded to 8 bytes
    /// inside matrices.</summary>
    private static (int type, int length, int dataAt, int next) Tag(string path, byte[] b, int pos, int end, bool bigEndian, bool padded)
    {
        if (end - pos < 8) throw new DataFormatException(path, $"truncated: a data element tag at byte {pos} needs 8 bytes, {end - pos} left");
        uint first = U32(b, pos, bigEndian);
        if ((first >> 16) != 0)
        {
            int smallLength = (int)(first >> 16);
            if (smallLength > 4) throw new DataFormatException(path, $"small data element at byte {pos} claims {smallLength} bytes (at most 4)");
            return ((int)(first & 0xFFFF), smallLength, pos + 4, pos + 8);
        }
        uint length = U32(b, pos + 4, bigEndian);
        long dataAt = pos + 8L;
        if (length > end - dataAt)
            throw new DataFormatException(path, $"truncated: data element at byte {pos} claims {length} bytes, {end - dataAt} left");
        long next = dataAt + length;
        if (padded) next = Math.Min(end, (next + 7) & ~7L);
        return ((int)first, (int)length, (int)dataAt, (int)next);
    }

    private static uint U32(byte[] b, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at, 4));

    private static byte[] Inflate(string path, byte[] bytes, int at, int length, bool bigEndian)
    {
        long ceiling = Math.Min(length * MaxInflateRatio + 64, Array.MaxLength);
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(bytes, at, length, writable: false), CompressionMode.Decompress);
            // The inflated element starts with its own tag: read it first so the array is sized once.
            var tag = new byte[8];
            if (zlib.ReadAtLeast(tag, 8, throwOnEndOfStream: false) < 8)
                throw new DataFormatException(path, $"compressed element at byte {at - 8} inflates to less than a tag");
            uint first = U32(tag, 0, bigEndian);
            long total = (first >> 16) != 0 ? 8 : 8L + U32(tag, 4, bigEndian);
            if (total > ceiling)
                throw new DataFormatException(path, $"compressed element at byte {at - 8} claims {total} bytes, more than {length} compressed bytes can hold");
            var inner = new byte[total];
            tag.CopyTo(inner, 0);
            int read = zlib.ReadAtLeast(inner.AsSpan(8), inner.Length - 8, throwOnEndOfStream: false);
            if (read < inner.Length - 8)
                throw new DataFormatException(path, $"truncated: compressed element at byte {at - 8} inflates to {read + 8} of the {total} bytes its tag claims");
            // Drain to the end so zlib verifies its Adler-32 checksum over everything.
            Span<byte> probe = stackalloc byte[64];
            while (zlib.Read(probe) > 0) { }
            return inner;
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt zlib stream in the compressed element at byte {at - 8} ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"corrupt zlib stream in the compressed element at byte {at - 8} ({e.Message})", e);
        }
    }

    /// <summary>Decodes a miMATRIX body; null for array kinds this reader skips.</summary>
    private static MatVariable? Matrix(string path, byte[] b, int at, int length, bool bigEndian)
    {
        int end = at + length;
        if (length == 0) return null; // MATLAB writes empty matrices as a bare tag
        var (flagsType, flagsLength, flagsAt, pos) = Tag(path, b, at, end, bigEndian, padded: true);
        if (flagsType != MiUInt32 || flagsLength != 8) throw new DataFormatException(path, $"matrix at byte {at}: array flags are not two uint32");
        uint flags = U32(b, flagsAt, bigEndian);
        int classId = (int)(flags & 0xFF);

        var (dimsType, dimsLength, dimsAt, afterDims) = Tag(path, b, pos, end, bigEndian, padded: true);
        if (dimsType != MiInt32 || dimsLength < 8 || dimsLength % 4 != 0)
            throw new DataFormatException(path, $"matrix at byte {at}: dimensions are not at least two int32");
        var dims = new int[dimsLength / 4];
        long count = 1;
        for (int d = 0; d < dims.Length; d++)
        {
            int size = (int)U32(b, dimsAt + 4 * d, bigEndian);
            if (size < 0) throw new DataFormatException(path, $"matrix at byte {at}: dimension {d} is negative ({size})");
            dims[d] = size;
            count *= size;
            if (count > Array.MaxLength) throw new DataFormatException(path, $"matrix at byte {at}: dimensions {string.Join('×', dims[..(d + 1)])} are too large");
        }

        var (nameType, nameLength, nameAt, afterName) = Tag(path, b, afterDims, end, bigEndian, padded: true);
        if (nameType != MiInt8 && nameType != MiUInt8) throw new DataFormatException(path, $"matrix at byte {at}: array name has data type {nameType}, not int8");
        string name = Encoding.ASCII.GetString(b, nameAt, nameLength);
        if (name.Any(c => c < 0x20 || c > 0x7e)) throw new DataFormatException(path, $"matrix at byte {at}: array name contains unprintable characters");

        if (classId < FirstNumericClass || classId > LastNumericClass || (flags & ComplexFlag) != 0)
            return null;

        var (dataType, dataLength, dataAt, _) = Tag(path, b, afterName, end, bigEndian, padded: true);
        int size1 = MatVariable.SizeOf(dataType);
        if (size1 == 0) throw new DataFormatException(path, $"variable {name}: real part has data type {dataType}, not a numeric type");
        if (dataLength != count * size1)
            throw new DataFormatException(path, $"variable {name}: {string.Join('×', dims)} needs {count * size1} bytes of type {dataType}, the element has {dataLength}");
        return new MatVariable(path, name, classId, dims, dataType, count, b, dataAt, bigEndian);
    }
}
