using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Reads an assembly's XML documentation file (loaded on first use, since most are never
/// asked for) so that Roslyn can show summaries of framework symbols. Roslyn's own XML provider
/// lives in the Workspaces package, which the kernel does not otherwise need.</summary>
internal sealed class XmlDocumentationFile(string path) : DocumentationProvider
{
    private readonly Lazy<Dictionary<string, string>> _members = new(() => Load(path));

    private static Dictionary<string, string> Load(string path)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var member in XDocument.Load(path).Descendants("member"))
                if ((string?)member.Attribute("name") is { } name) members[name] = member.ToString();
        }
        catch (Exception) { /* unreadable docs only mean no summaries */ }
        return members;
    }

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.Value.TryGetValue(documentationMemberID, out var xml) ? xml : null;

    public override bool Equals(object? obj) => obj is XmlDocumentationFile other && other._path == _path;

    private readonly string _path = path;

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);
}
