using Microsoft.CodeAnalysis;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Metadata references for cells: every assembly of the shared framework (ScriptOptions.Default
/// lacks System.Linq and others on .NET 10), each with its XML documentation from the SDK's reference
/// pack when one is installed, so inspection can show summaries; plus .NET Interactive's formatter registry
/// (Microsoft.DotNet.Interactive.Formatting), which cells of the .NET Interactive kernel also see without #r.</summary>
internal static class ScriptReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(Load);

    public static IReadOnlyList<MetadataReference> SharedFramework => Framework.Value;

    private static IReadOnlyList<MetadataReference> Load()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        // Only the shared framework: the host application's own assemblies (the library among them)
        // come in through #r, and referencing them twice would make every type ambiguous.
        var paths = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .ToList();
        if (paths.Count == 0)
            paths = Directory.EnumerateFiles(frameworkDir, "*.dll").ToList();
        var docsDir = FindReferencePackDocs(frameworkDir);
        var refs = new List<MetadataReference>();
        foreach (var path in paths)
        {
            if (!IsManagedAssembly(path)) continue;
            var xml = docsDir is null ? null : Path.Combine(docsDir, Path.GetFileNameWithoutExtension(path) + ".xml");
            var docs = xml is not null && File.Exists(xml) ? new XmlDocumentationFile(xml) : null;
            refs.Add(MetadataReference.CreateFromFile(path, documentation: docs));
        }
        refs.Add(MetadataReference.CreateFromFile(typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly.Location));
        return refs;
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            return pe.HasMetadata;
        }
        catch (Exception) { return false; }
    }

    /// <summary>dotnet/shared/Microsoft.NETCore.App/X.Y.Z → dotnet/packs/Microsoft.NETCore.App.Ref/X.Y.*/ref/netX.Y.</summary>
    private static string? FindReferencePackDocs(string frameworkDir)
    {
        try
        {
            var version = Path.GetFileName(frameworkDir);
            var root = Path.GetFullPath(Path.Combine(frameworkDir, "..", "..", ".."));
            var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs)) return null;
            var majorMinor = string.Join('.', version.Split('.').Take(2));
            var pack = Directory.GetDirectories(packs)
                .OrderByDescending(d => Path.GetFileName(d) == version)
                .ThenByDescending(d => Path.GetFileName(d).StartsWith(majorMinor + ".", StringComparison.Ordinal))
                .ThenByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
                .FirstOrDefault();
            var dir = pack is null ? null : Path.Combine(pack, "ref", "net" + majorMinor);
            return dir is not null && Directory.Exists(dir) ? dir : null;
        }
        catch (Exception) { return null; }
    }
}
