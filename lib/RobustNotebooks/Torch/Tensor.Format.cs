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
        var summarise = shape.Aggregate(1L, (n, s) => n * s) > SummaryThreshold;
        var elided = shape.Select(n => summarise && n > 2 * EdgeItems).ToArray();
        var values = PrintedValues(shape, elided);
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
        var printedShape = shape.Select((n, d) => elided[d] ? 2L * EdgeItems : n).ToArray();
        Render(sb, values, printedShape, elided, 0, 0, width, Format);
        var suffix = new List<string>();
        if (shape.Length > 0 && summarise) suffix.Add($"size=({string.Join(", ", shape)})");
        if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffix.Add($"dtype={dtype.Name()}");
        if (device.Type != DeviceType.CPU) suffix.Add($"device='{device}'");
        if (requires_grad) suffix.Add("requires_grad=True");
        foreach (var s in suffix) sb.Append(", ").Append(s);
        return sb.Append(')').ToString();
    }

    // Only what is printed crosses to the host: along each elided dimension, its first and last
    // EdgeItems entries (at most (2·EdgeItems)^dims values, whatever the tensor's size).
    private double[] PrintedValues(long[] shape, bool[] elided)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var part = this;
        for (int d = 0; d < shape.Length; d++)
            if (elided[d]) part = torch.cat([part.narrow(d, 0, EdgeItems), part.narrow(d, shape[d] - EdgeItems, EdgeItems)], d);
        return part.to(ScalarType.Float64, Device.CPU).data<double>();
    }

    private static void Render(StringBuilder sb, double[] values, long[] shape, bool[] elided, int dim, long offset, int width,
        Func<double, string> format)
    {
        if (shape.Length == 0) { sb.Append(format(values[0])); return; }
        long stride = 1;
        for (int d = dim + 1; d < shape.Length; d++) stride *= shape[d];
        var n = shape[dim];
        var last = dim == shape.Length - 1;
        sb.Append('[');
        var indent = new string(' ', "tensor(".Length + dim + 1);
        for (long i = 0; i < n; i++)
        {
            if (elided[dim] && i == EdgeItems) sb.Append(last ? "..., " : "...,\n" + indent);
            if (last) sb.Append(format(values[offset + i]).PadLeft(width));
            else Render(sb, values, shape, elided, dim + 1, offset + i * stride, width, format);
            if (i < n - 1) sb.Append(last ? ", " : "," + new string('\n', shape.Length - 1 - dim) + indent);
        }
        sb.Append(']');
    }
}
