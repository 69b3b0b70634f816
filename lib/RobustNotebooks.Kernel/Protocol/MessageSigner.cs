using System.Security.Cryptography;

namespace RobustNotebooks.Kernel.Protocol;

/// <summary>HMAC-SHA256 over the four JSON frames (header, parent header, metadata, content), hex
/// encoded in lower case, as the Jupyter wire protocol specifies. An empty key disables signing.</summary>
public sealed class MessageSigner(byte[] key)
{
    public bool Enabled => key.Length > 0;

    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (!Enabled) return "";
        using var hmac = new HMACSHA256(key);
        foreach (var part in parts) hmac.TransformBlock(part, 0, part.Length, null, 0);
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(hmac.Hash!);
    }

    /// <summary>Constant-time comparison, so a forged signature leaks nothing through timing.</summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> parts)
    {
        if (!Enabled) return true;
        var expected = System.Text.Encoding.ASCII.GetBytes(Sign(parts));
        var given = System.Text.Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
