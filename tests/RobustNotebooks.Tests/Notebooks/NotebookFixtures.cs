using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RobustNotebooks.Tests.Notebooks;

/// <summary>Builds small .ipynb files (nbformat 4.5, naming our kernelspec) for runner tests.</summary>
public static class NotebookFixtures
{
    public static JsonObject Markdown(string text) => new()
    {
        ["cell_type"] = "markdown", ["id"] = NewId(), ["metadata"] = new JsonObject(), ["source"] = text,
    };

    public static JsonObject Code(string source, string? tag = null) => new()
    {
        ["cell_type"] = "code", ["id"] = NewId(), ["execution_count"] = null, ["outputs"] = new JsonArray(), ["source"] = source,
        ["metadata"] = tag is null ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray(tag) },
    };

    public static string Write(string directory, string name, params JsonObject[] cells)
    {
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = "robustnb-csharp", ["display_name"] = "C# (RobustNotebooks)", ["language"] = "C#" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
            },
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()),
        };
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    /// <summary>Compiles a one-class assembly to check <c>#r "relative.dll"</c> from a notebook.</summary>
    public static void WriteGreeterAssembly(string path)
    {
        const string source = "namespace Fixture { public static class Greeter { public static string Hello(int n) => \"hello x\" + n; } }";
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Greeter", [CSharpSyntaxTree.ParseText(source)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..8];
}
