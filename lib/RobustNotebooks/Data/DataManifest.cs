using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Data;

/// <summary>Renders <see cref="DatasetCatalog"/> as data/manifest.json, the human- and tool-readable
/// list of official files, their sources and checksums.</summary>
public static class DataManifest
{
    public static string ToJson()
    {
        var datasets = new JsonArray();
        foreach (var d in DatasetCatalog.All)
        {
            var files = new JsonArray();
            foreach (var f in d.Files)
            {
                var node = new JsonObject
                {
                    ["name"] = f.Name,
                    ["split"] = f.Split?.ToString().ToLowerInvariant() ?? "both",
                    ["source"] = f.Source,
                };
                if (f.Sha256 is not null) node["sha256"] = f.Sha256;
                if (f.ContentSha256 is not null) node["contentSha256"] = f.ContentSha256;
                if (f.OfficialMd5 is not null) node["officialMd5"] = f.OfficialMd5;
                files.Add(node);
            }
            var entry = new JsonObject
            {
                ["id"] = d.Id,
                ["name"] = d.Name,
                ["folder"] = d.Folder,
                ["homepage"] = d.Homepage,
            };
            if (d.Archive is not null) entry["archive"] = d.Archive;
            if (d.OnThisMachine is not null) entry["onThisMachine"] = d.OnThisMachine;
            entry["files"] = files;
            datasets.Add(entry);
        }
        var root = new JsonObject
        {
            ["about"] = "Generated from RobustNotebooks.Data.DatasetCatalog by `robustnb data manifest`; do not edit by hand. " +
                        "sha256: computed by us from the file (present only where we had it); contentSha256: of the decompressed bytes; " +
                        "officialMd5: as published for the download; no checksum is given where none is known for sure.",
            ["datasets"] = datasets,
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return root.ToJsonString(options) + "\n";
    }
}
