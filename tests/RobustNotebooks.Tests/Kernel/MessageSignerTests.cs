using System.Text;
using System.Text.Json.Nodes;
using RobustNotebooks.Kernel.Protocol;

namespace RobustNotebooks.Tests.Kernel;

public class MessageSignerTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Signature_matches_RFC4231_test_case_2_over_concatenated_parts()
    {
        // RFC 4231 §4.3: HMAC-SHA-256(key "Jefe", "what do ya want for nothing?"); the Jupyter
        // signature is the HMAC of the parts in sequence, so splitting the data must not change it.
        var signer = new MessageSigner(B("Jefe"));
        var signature = signer.Sign([B("what do "), B("ya want "), B("for "), B("nothing?")]);
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void Empty_key_disables_signing()
    {
        var signer = new MessageSigner([]);
        Assert.Equal("", signer.Sign([B("a")]));
        Assert.True(signer.Verify("anything", [B("a")]));
    }

    [Fact]
    public void Codec_round_trips_and_rejects_tampering()
    {
        var codec = new MessageCodec(new MessageSigner(B("secret-key")));
        var request = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1 + 1" }, null, "s1");
        var frames = codec.Encode(request, [B("client-id")]);
        var decoded = codec.Decode(frames);
        Assert.Equal("execute_request", decoded.MessageType);
        Assert.Equal("1 + 1", (string?)decoded.Content["code"]);
        Assert.Equal("client-id", Encoding.ASCII.GetString(decoded.Identities.Single()));

        var tampered = frames.ToList();
        tampered[^1] = Encoding.UTF8.GetBytes("{\"code\":\"System.Environment.Exit(1)\"}");
        Assert.Throws<InvalidMessageException>(() => codec.Decode(tampered));
        Assert.Throws<InvalidMessageException>(() => codec.Decode([B("no delimiter")]));
        var wrongKey = new MessageCodec(new MessageSigner(B("other-key")));
        Assert.Throws<InvalidMessageException>(() => wrongKey.Decode(frames));
    }

    [Fact]
    public void Reply_carries_parent_header_and_protocol_version()
    {
        var request = JupyterMessage.Create("kernel_info_request", new JsonObject(), null, "s1");
        var reply = JupyterMessage.Create("kernel_info_reply", new JsonObject(), request, "kernel");
        Assert.Equal(request.MessageId, (string?)reply.ParentHeader["msg_id"]);
        Assert.Equal("5.3", (string?)reply.Header["version"]);
    }
}
