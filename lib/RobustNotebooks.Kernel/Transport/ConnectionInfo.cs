using System.Text.Json;
using System.Text.Json.Serialization;

namespace RobustNotebooks.Kernel.Transport;

/// <summary>The connection file a Jupyter client writes before it starts a kernel.</summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    public static ConnectionInfo Load(string path)
    {
        var info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path))
                   ?? throw new InvalidDataException($"{path}: empty connection file");
        if (info.SignatureScheme != "hmac-sha256" && info.Key.Length > 0)
            throw new InvalidDataException($"{path}: signature scheme '{info.SignatureScheme}' is not supported (only hmac-sha256)");
        return info;
    }

    /// <summary>ZeroMQ endpoint for a port; the ipc transport names files "ip-port" as jupyter_client does.</summary>
    public string Endpoint(int port) =>
        Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";
}
