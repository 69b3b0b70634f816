using System.Text;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Protocol;

/// <summary>Raised for frames that are not a valid, correctly signed Jupyter message.</summary>
public sealed class InvalidMessageException(string message) : Exception(message);

/// <summary>Turns wire frames (identities, delimiter, signature, four JSON parts, buffers) into
/// messages and back, checking and writing the HMAC signature.</summary>
public sealed class MessageCodec(MessageSigner signer)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int d = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { d = i; break; }
        if (d < 0) throw new InvalidMessageException("no <IDS|MSG> delimiter");
        if (frames.Count < d + 6) throw new InvalidMessageException($"expected at least 5 frames after the delimiter, got {frames.Count - d - 1}");
        var parts = new[] { frames[d + 2], frames[d + 3], frames[d + 4], frames[d + 5] };
        var signature = Encoding.ASCII.GetString(frames[d + 1]);
        if (!signer.Verify(signature, parts)) throw new InvalidMessageException("bad HMAC signature");
        return new JupyterMessage
        {
            Identities = frames.Take(d).ToList(),
            Header = ParseObject(parts[0], "header"),
            ParentHeader = ParseObject(parts[1], "parent_header"),
            Metadata = ParseObject(parts[2], "metadata"),
            Content = ParseObject(parts[3], "content"),
            Buffers = frames.Skip(d + 6).ToList(),
        };
    }

    public List<byte[]> Encode(JupyterMessage message, IReadOnlyList<byte[]>? identities = null)
    {
        var parts = new[]
        {
            Utf8(message.Header), Utf8(message.ParentHeader), Utf8(message.Metadata), Utf8(message.Content),
        };
        var frames = new List<byte[]>(identities ?? message.Identities) { Delimiter, Encoding.ASCII.GetBytes(signer.Sign(parts)) };
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    private static byte[] Utf8(JsonObject node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static JsonObject ParseObject(byte[] bytes, string what)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new InvalidMessageException($"{what} is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidMessageException($"{what} is not valid JSON: {e.Message}");
        }
    }
}
