using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace RobustNotebooks.Torch;

/// <summary>Reads and writes the safetensors format (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length, a JSON header mapping each tensor name to its dtype,
/// shape and [begin, end) byte offsets (plus an optional "__metadata__" string map), then the raw
/// little-endian data. Files move both ways between this library and PyTorch. Loading validates
/// every field before any tensor is built, so a damaged file gives a
/// <see cref="CheckpointFormatException"/>, never garbage.</summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    // The reference implementation's cap; a larger header is damage, not a real file.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes the tensors (in the dictionary's order) and optional metadata atomically:
    /// to a temporary file beside the target, then renamed over it.</summary>
    public static unsafe void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors I/O needs a little-endian machine");
        var entries = new List<(string name, Tensor tensor, string dtype, long bytes)>();
        foreach (var (name, t) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey)
                throw new ArgumentException($"safetensors: '{name}' cannot be a tensor name", nameof(tensors));
            entries.Add((name, t, SafetensorsDType.NameOf(t.dtype), t.numel() * t.dtype.ElementSize()));
        }

        var header = BuildHeader(entries.Select(e => (e.name, e.dtype, e.tensor.shape, e.bytes)), metadata);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var (_, t, _, bytes) in entries)
                {
                    if (bytes == 0) continue;
                    if (bytes > Array.MaxLength) throw new NotSupportedException($"safetensors: a tensor of {bytes} bytes is too large to write in one piece");
                    var buffer = new byte[bytes];
                    fixed (byte* p = buffer) Native.Check(Native.rn_copy_to_host(t.Ref, p, bytes));
                    stream.Write(buffer);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    private static byte[] BuildHeader(IEnumerable<(string name, string dtype, long[] shape, long bytes)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, dtype, shape, bytes) in entries)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", dtype);
                w.WriteStartArray("shape");
                foreach (var s in shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        // Pad with spaces (valid JSON whitespace) so the data starts 8-byte aligned.
        var json = ms.ToArray();
        var padded = (json.Length + 7) / 8 * 8;
        var header = new byte[padded];
        json.CopyTo(header, 0);
        header.AsSpan(json.Length).Fill((byte)' ');
        return header;
    }

    /// <summary>Loads every tensor (on the CPU, or on <paramref name="device"/>) and the metadata.</summary>
    public static (Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata) Load(string path, Device? device = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors I/O needs a little-endian machine");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var fileLength = stream.Length;
        if (fileLength < 8) throw Bad(path, "header length", $"the file has {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(path, "header length", $"{headerLength} bytes exceeds the {MaxHeaderBytes}-byte limit");
        if ((long)headerLength > fileLength - 8)
            throw Bad(path, "header length", $"{headerLength} bytes but only {fileLength - 8} bytes follow it (truncated file?)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        var (entries, metadata) = ParseHeader(path, headerBytes, dataLength);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
                tensors[e.Name] = ReadTensor(path, stream, dataStart, e, device ?? Device.CPU);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(string path, byte[] headerBytes, long dataLength)
    {
        JsonDocument doc;
        try
        {
            // System.Text.Json checks UTF-8 only when a string is read; check it all up front.
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(headerBytes);
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (DecoderFallbackException e)
        {
            throw Bad(path, "header", "not valid UTF-8", e);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw Bad(path, "header", $"not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "header", $"expected a JSON object, found {root.ValueKind}");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            var names = new HashSet<string>();
            foreach (var property in root.EnumerateObject())
            {
                var name = property.Name;
                if (!names.Add(name)) throw Bad(path, $"\"{name}\"", "appears twice in the header");
                if (name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Bad(path, MetadataKey, "must be an object of strings");
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad(path, $"{MetadataKey}.{m.Name}", $"must be a string, found {m.Value.ValueKind}");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw Bad(path, $"{MetadataKey}.{m.Name}", "appears twice");
                    }
                    continue;
                }
                entries.Add(ParseEntry(path, name, property.Value));
            }
            CheckLayout(path, entries, dataLength);
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(string path, string name, JsonElement e)
    {
        var field = $"tensor \"{name}\"";
        if (e.ValueKind != JsonValueKind.Object) throw Bad(path, field, $"expected an object with dtype, shape and data_offsets, found {e.ValueKind}");
        if (!e.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(path, field + ".dtype", "missing or not a string");
        var dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDType.TryParse(dtypeName, out var dtype))
            throw Bad(path, field + ".dtype", $"unknown or unsupported dtype \"{dtypeName}\" (supported: {SafetensorsDType.Supported})");
        if (!e.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad(path, field + ".shape", "missing or not an array");
        var shape = new List<long>();
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v))
                throw Bad(path, field + ".shape", $"entry {d.GetRawText()} is not an integer");
            if (v < 0) throw Bad(path, field + ".shape", $"negative dimension {v}");
            shape.Add(v);
        }
        if (!e.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad(path, field + ".data_offsets", "missing or not a [begin, end] pair");
        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw Bad(path, field + ".data_offsets", $"[{offsets[0].GetRawText()}, {offsets[1].GetRawText()}] is not a valid byte range");
        long expected;
        try
        {
            expected = dtype.ElementSize();
            foreach (var s in shape) expected = checked(expected * s);
        }
        catch (OverflowException)
        {
            throw Bad(path, field + ".shape", $"[{string.Join(", ", shape)}] is too large");
        }
        if (end - begin != expected)
            throw Bad(path, field + ".data_offsets", $"[{begin}, {end}] holds {end - begin} bytes but dtype {dtypeName} and shape [{string.Join(", ", shape)}] need {expected}");
        return new Entry(name, dtype, shape.ToArray(), begin, end);
    }

    // The data must be covered exactly: no overlaps, no gaps, nothing past the end (as the
    // reference implementation requires), so a truncated or spliced file cannot pass.
    private static void CheckLayout(string path, List<Entry> entries, long dataLength)
    {
        long position = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            var field = $"tensor \"{e.Name}\".data_offsets";
            if (e.End > dataLength) throw Bad(path, field, $"[{e.Begin}, {e.End}] reaches past the {dataLength} data bytes in the file (truncated file?)");
            if (e.Begin < position) throw Bad(path, field, $"[{e.Begin}, {e.End}] overlaps another tensor's data (which ends at {position})");
            if (e.Begin > position) throw Bad(path, field, $"[{e.Begin}, {e.End}] leaves a gap after byte {position}");
            position = e.End;
        }
        if (position != dataLength) throw Bad(path, "data", $"the tensors cover {position} bytes but {dataLength} data bytes follow the header");
    }

    private static unsafe Tensor ReadTensor(string path, FileStream stream, long dataStart, Entry e, Device device)
    {
        var bytes = e.End - e.Begin;
        if (bytes > Array.MaxLength) throw new NotSupportedException($"'{path}': tensor \"{e.Name}\" has {bytes} bytes, too large to read in one piece");
        var buffer = new byte[Math.Max(bytes, 1)];
        stream.Position = dataStart + e.Begin;
        stream.ReadExactly(buffer, 0, (int)bytes);
        // libtorch would accept any byte in a bool tensor and then misbehave; refuse instead.
        if (e.DType == ScalarType.Bool)
            for (long i = 0; i < bytes; i++)
                if (buffer[i] > 1) throw Bad(path, $"tensor \"{e.Name}\"", $"byte {i} of a BOOL tensor is {buffer[i]}, not 0 or 1");
        Tensor host;
        try
        {
            fixed (byte* d = buffer)
            fixed (long* s = e.Shape)
                host = new Tensor(Native.rn_from_data(d, s, e.Shape.Length, (int)e.DType, Device.CPU.Code));
        }
        catch (TorchException te)
        {
            throw Bad(path, $"tensor \"{e.Name}\"", te.Message, te);
        }
        if (device == Device.CPU) return host;
        using (host) return host.to(device);
    }

    private static CheckpointFormatException Bad(string path, string field, string problem, Exception? inner = null) => new(path, field, problem, inner);
}
