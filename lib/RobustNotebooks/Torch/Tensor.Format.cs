using System.Globalization;
using System.Text;

namespace RobustNotebooks.Torch;

// A readable rendering in PyTorch's style: tensor([[0.1000, 0.2000], ...], dtype=float64).
// Large tensors are summarised with the first and last three entries of each dimension.
public sealed partial class Tensor
{
    private const int SummaryThreshold = 1000;
    private const int EdgeItems = 3;

    public override string ToString()
    {
        if (IsDisposed) return "tensor(<disposed>)";
        var shape = this.shape;
        using var host = to(ScalarType.Float64, Device.CPU);
        var values = host.data<double>();
        var summarise = values.Length > SummaryThreshold;
        var isFloat = dtype.IsFloatingPoint();
        var isBool = dtype == ScalarType.Bool;
        var fraction = isFloat && values.Any(v => double.IsFinite(v) && v != Math.Round(v)) ? 4 : 0;
        var scientific = isFloat && values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() >= 1e8;
        string Format(double v) =>
            isBool ? (v != 0 ? "True" : "False")
            : !isFloat ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : double.IsNaN(v) ? "nan" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
            : scientific ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : fraction > 0 ? v.ToString("0.0000", CultureInfo.InvariantCulture) : v.ToString("0", CultureInfo.InvariantCulture) + ".";

        var width = values.Length == 0 ? 0 : values.Select(Format).Max(s => s.Length);
        var sb = new StringBuilder("tensor(");
        Render(sb, values, shape, 0, 0, width, summarise, Format);
        var suffix = new List<string>();
        if (shape.Length > 0 && summarise) suffix.Add($"size=({string.Join(", ", shape)})");
        if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffix.Add($"dtype={dtype.Name()}");
        if (device.Type != DeviceType.CPU) suffix.Add($"device='{device}'");
        if (requires_grad) suffix.Add("requires_grad=True");
        foreach (var s in suffix) sb.Append(", ").Append(s);
        return sb.Append(')').ToString();
    }

    private static void Render(StringBuilder sb, double[] values, long[] shape, int dim, long offset, int width,
        bool summarise, Func<double, string> format)
    {
        if (shape.Length == 0) { sb.Append(format(values[0])); return; }
        long stride = 1;
        for (int d = dim + 1; d < shape.Length; d++) stride *= shape[d];
        var n = shape[dim];
        sb.Append('[');
        var indent = new string(' ', "tensor(".Length + dim + 1);
        for (long i = 0; i < n; i++)
        {
            if (summarise && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(dim == shape.Length - 1 ? "..., " : "...,\n" + indent);
                i = n - EdgeItems - 1;
                continue;
            }
            if (dim == shape.Length - 1) sb.Append(format(values[offset + i]).PadLeft(width));
            else Render(sb, values, shape, dim + 1, offset + i * stride, width, summarise, format);
            if (i < n - 1) sb.Append(dim == shape.Length - 1 ? ", " : "," + new string('\n', shape.Length - 1 - dim) + indent);
        }
        sb.Append(']');
    }
}
