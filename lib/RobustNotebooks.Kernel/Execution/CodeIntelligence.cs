using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Completion and inspection from Roslyn's semantic model over everything run so far plus
/// the code being edited.</summary>
public sealed class CodeIntelligence(ScriptSession session)
{
    public sealed record Completion(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd);

    public Completion Complete(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..cursor];
        var (compilation, tree) = session.Analyze(code);
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();

        IEnumerable<ISymbol> symbols;
        int dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(code[dot])) dot--;
        bool afterDot = dot >= 0 && code[dot] == '.';
        if (afterDot && root.FindToken(dot).Parent is MemberAccessExpressionSyntax access)
        {
            var target = model.GetTypeInfo(access.Expression).Type;
            var asSymbol = model.GetSymbolInfo(access.Expression).Symbol;
            if (asSymbol is INamespaceOrTypeSymbol container && target is null)
                symbols = model.LookupSymbols(start, container);
            else if (asSymbol is INamedTypeSymbol staticType && access.Expression is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(staticType, target))
                symbols = model.LookupStaticMembers(start, staticType);
            else if (target is not null)
                symbols = model.LookupSymbols(start, target, includeReducedExtensionMethods: true);
            else
                symbols = [];
        }
        else
        {
            symbols = model.LookupSymbols(start);
        }

        var matches = symbols
            .Where(s => s.CanBeReferencedByName && s.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(s => !s.Name.StartsWith("<", StringComparison.Ordinal))
            .Select(s => s.Name)
            .Concat(SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText)
                .Where(k => !afterDot && prefix.Length > 0 && k.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Completion(matches, start, cursor);
    }

    /// <summary>The symbol under (or just before) the cursor, shown as its C# signature and the
    /// summary of its XML documentation. Null when there is no symbol there.</summary>
    public JsonObject? Inspect(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var (compilation, tree) = session.Analyze(code);
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        foreach (var position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= root.FullSpan.End) continue;
            var token = root.FindToken(position);
            var symbol = SymbolAt(model, token);
            if (symbol is null) continue;
            var signature = symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            var summary = Summary(symbol);
            var text = summary is null ? signature : $"{signature}\n\n{summary}";
            var markdown = $"```csharp\n{signature}\n```" + (summary is null ? "" : $"\n\n{summary}");
            return new JsonObject { ["text/plain"] = text, ["text/markdown"] = markdown };
        }
        return null;
    }

    private static ISymbol? SymbolAt(SemanticModel model, SyntaxToken token)
    {
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node);
            if (symbol is not null) return symbol;
            if (node is StatementSyntax or MemberDeclarationSyntax) break;
        }
        return null;
    }

    private static string? Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml) && symbol.OriginalDefinition is { } original && !ReferenceEquals(original, symbol))
            xml = original.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null) return null;
            // <see cref="T:System.String"/> reads best as the bare name.
            foreach (var see in summary.Descendants().Where(e => e.Name == "see" || e.Name == "paramref" || e.Name == "typeparamref").ToList())
            {
                var target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("name") ?? (string?)see.Attribute("langword") ?? "";
                see.ReplaceWith(new XText(target.Contains(':') ? target[(target.IndexOf(':') + 1)..] : target));
            }
            return string.Join(" ", summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException) { return null; }
    }
}
