using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel;

/// <summary>What the kernel says about itself in kernel_info_reply and in its kernelspec.</summary>
public static class KernelInfo
{
    public const string KernelSpecName = "robustnb-csharp";
    public const string DisplayName = "C# (RobustNotebooks)";
    public const string Language = "C#";

    public static JsonObject LanguageInfo() => new()
    {
        ["name"] = Language,
        ["version"] = Environment.Version.ToString(),
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };

    public static JsonObject Reply() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = Protocol.JupyterMessage.ProtocolVersion,
        ["implementation"] = "robustnb-csharp",
        ["implementation_version"] = typeof(KernelInfo).Assembly.GetName().Version?.ToString() ?? "0",
        ["language_info"] = LanguageInfo(),
        ["banner"] = $"C# {Environment.Version} kernel for RobustNotebooks (Roslyn scripting). display(x) shows rich output.",
        ["debugger"] = false,
        ["help_links"] = new JsonArray(),
    };
}
