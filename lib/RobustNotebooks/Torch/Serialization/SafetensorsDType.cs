namespace RobustNotebooks.Torch;

/// <summary>The dtype names of the safetensors header and the element types they stand for.</summary>
internal static class SafetensorsDType
{
    private static readonly (string name, ScalarType type)[] Table =
    [
        ("F64", ScalarType.Float64), ("F32", ScalarType.Float32), ("F16", ScalarType.Float16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16),
        ("I8", ScalarType.Int8), ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool),
    ];

    public static string NameOf(ScalarType type)
    {
        foreach (var (name, t) in Table)
            if (t == type) return name;
        throw new NotSupportedException($"safetensors: no dtype name for {type}");
    }

    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (n, t) in Table)
            if (n == name) { type = t; return true; }
        type = default;
        return false;
    }

    public static string Supported => string.Join(", ", Table.Select(e => e.name));
}
