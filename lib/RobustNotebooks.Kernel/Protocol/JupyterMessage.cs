using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Protocol;

/// <summary>One Jupyter message: the routing identities it came with plus its four JSON parts.</summary>
public sealed class JupyterMessage
{
    public const string ProtocolVersion = "5.3";

    public List<byte[]> Identities { get; init; } = [];
    public JsonObject Header { get; init; } = new();
    public JsonObject ParentHeader { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();
    public JsonObject Content { get; init; } = new();
    public List<byte[]> Buffers { get; init; } = [];

    public string MessageType => (string?)Header["msg_type"] ?? "";

    public string MessageId => (string?)Header["msg_id"] ?? "";

    /// <summary>A new message whose parent is <paramref name="parent"/> (null for none), in the
    /// parent's session so clients match replies to their requests.</summary>
    public static JupyterMessage Create(string msgType, JsonObject content, JupyterMessage? parent, string session)
    {
        var header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = parent?.Header["username"]?.GetValue<string>() ?? "kernel",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
            ["msg_type"] = msgType,
            ["version"] = ProtocolVersion,
        };
        return new JupyterMessage
        {
            Identities = parent?.Identities ?? [],
            Header = header,
            ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
            Content = content,
        };
    }
}
