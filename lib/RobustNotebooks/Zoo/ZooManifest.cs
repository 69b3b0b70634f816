using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RobustNotebooks.Zoo;

/// <summary>A data set's zoo: every model its tables need, each with the exact recipe that trains it and,
/// once trained and shipped, its provenance. Read from and written to <c>zoo/&lt;dataset&gt;/zoo.json</c>.</summary>
/// <param name="Format">always <see cref="CurrentFormat"/></param>
/// <param name="Dataset">the data set alias the recipes train on (fmnist, mnist10k, ...)</param>
/// <param name="BudgetBytes">the most the shipped files may weigh together (the repository carries them)</param>
/// <param name="CheckSamples">how many of the first test images the recorded clean accuracy is measured on</param>
public sealed record ZooManifest(string Format, string Dataset, long BudgetBytes, int CheckSamples, IReadOnlyList<ZooModel> Models)
{
    public const string CurrentFormat = "robustnb-zoo/1";
    public const string FileName = "zoo.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files, not HTML: keep + and ' readable
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public ZooModel this[string name] =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"the {Dataset} zoo has no model '{name}'; it has: {string.Join(", ", Models.Select(m => m.Name))}");

    public bool Contains(string name) => Models.Any(m => m.Name == name);

    /// <summary>Reads and checks a manifest: known format, unique names, each recipe's seed and epochs stated
    /// in its arguments, every <c>from</c> naming an earlier model.</summary>
    public static ZooManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no zoo manifest at {path}", path);
        ZooManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<ZooManifest>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a zoo manifest: {e.Message}", e); }
        if (manifest is null) throw new InvalidDataException($"{path} is empty");
        manifest.Validate(path);
        return manifest;
    }

    public void Save(string path)
    {
        Validate(path);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    public ZooManifest With(ZooModel model) =>
        this with { Models = Models.Select(m => m.Name == model.Name ? model : m).ToList() };

    private void Validate(string path)
    {
        if (Format != CurrentFormat) throw new InvalidDataException($"{path}: format '{Format}', expected '{CurrentFormat}'");
        if (string.IsNullOrWhiteSpace(Dataset)) throw new InvalidDataException($"{path}: 'dataset' is empty");
        if (Models is null || Models.Count == 0) throw new InvalidDataException($"{path}: 'models' is empty");
        if (CheckSamples < 1) throw new InvalidDataException($"{path}: 'check_samples' must be ≥ 1, got {CheckSamples}");
        var seen = new HashSet<string>();
        foreach (var m in Models)
        {
            m.Validate(path);
            if (!seen.Add(m.Name)) throw new InvalidDataException($"{path}: model '{m.Name}' is listed twice");
            if (m.From is not null && !seen.Contains(m.From))
                throw new InvalidDataException($"{path}: model '{m.Name}' starts from '{m.From}', which must be listed before it");
        }
    }
}
