using System.CommandLine;
using RobustNotebooks.Data;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data manifest</c>: rewrites data/manifest.json from the catalog.</summary>
public sealed class DataManifestCommand : IVerb
{
    public string Parent => "data";

    public Command Create()
    {
        var command = new Command("manifest", "write data/manifest.json (file names, sizes, checksums) from the catalog");
        command.SetAction(_ =>
        {
            var repository = DataRoot.FindRepositoryRoot() ?? throw new UsageException("not inside the repository");
            var path = Path.Combine(repository, "data", "manifest.json");
            File.WriteAllText(path, DataManifest.ToJson());
            Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
