using System.Globalization;

namespace RobustNotebooks.Torch;

public enum DeviceType { CPU, CUDA }

/// <summary>Where a tensor lives: "cpu", "cuda" (= cuda:0) or "cuda:N".</summary>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>The shim's device code: -1 for the CPU, N for cuda:N.</summary>
    internal int Code => Type == DeviceType.CPU ? -1 : Index;

    internal static Device FromCode(int code) => code < 0 ? CPU : new Device(DeviceType.CUDA, code);

    public static Device Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "cuda") return CUDA;
        if (s.StartsWith("cuda:") && int.TryParse(s[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            return new Device(DeviceType.CUDA, i);
        throw new ArgumentException($"'{text}' is not a device; expected \"cpu\", \"cuda\" or \"cuda:N\"", nameof(text));
    }

    public static implicit operator Device(string text) => Parse(text);

    public override string ToString() => Type == DeviceType.CPU ? "cpu" : $"cuda:{Index}";
}
