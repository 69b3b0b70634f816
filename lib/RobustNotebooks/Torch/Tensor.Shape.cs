using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

// Views, indexing, joins and splits.
public sealed partial class Tensor
{
    private unsafe Tensor WithLongs(long[] values, delegate*<HandleRef, long*, int, IntPtr> op)
    {
        fixed (long* p = values) return new(op(Ref, p, values.Length));
    }

    public unsafe Tensor view(params long[] shape) => WithLongs(shape, &Native.rn_view);
    public unsafe Tensor reshape(params long[] shape) => WithLongs(shape, &Native.rn_reshape);
    public unsafe Tensor expand(params long[] shape) => WithLongs(shape, &Native.rn_expand);
    public unsafe Tensor repeat(params long[] times) => WithLongs(times, &Native.rn_repeat);
    public unsafe Tensor permute(params long[] dims) => WithLongs(dims, &Native.rn_permute);
    public unsafe Tensor flip(params long[] dims) => WithLongs(dims, &Native.rn_flip);
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor transpose(long dim0, long dim1) => new(Native.rn_transpose(Ref, dim0, dim1));
    /// <summary>The transpose of a matrix.</summary>
    public Tensor t() => transpose(0, 1);
    public Tensor squeeze() => new(Native.rn_squeeze(Ref, 0, 0));
    public Tensor squeeze(long dim) => new(Native.rn_squeeze(Ref, dim, 1));
    public Tensor unsqueeze(long dim) => new(Native.rn_unsqueeze(Ref, dim));
    public Tensor flatten(long startDim = 0, long endDim = -1) => new(Native.rn_flatten(Ref, startDim, endDim));
    public Tensor narrow(long dim, long start, long length) => new(Native.rn_narrow(Ref, dim, start, length));
    /// <summary>Elements start, start+step, ... below end along dim (end is clamped to the size).</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => new(Native.rn_slice(Ref, dim, start, end, step));
    public Tensor select(long dim, long index) => new(Native.rn_select(Ref, dim, index));
    public Tensor index_select(long dim, Tensor index) => new(Native.rn_index_select(Ref, dim, index.Ref));
    /// <summary>Writes the rows of <paramref name="source"/> into this tensor at <paramref name="index"/> along dim.</summary>
    public Tensor index_copy_(long dim, Tensor index, Tensor source) { Native.Check(Native.rn_index_copy_(Ref, dim, index.Ref, source.Ref)); return this; }
    public Tensor index_copy(long dim, Tensor index, Tensor source) => new(Native.rn_index_copy(Ref, dim, index.Ref, source.Ref));
    public Tensor gather(long dim, Tensor index) => new(Native.rn_gather(Ref, dim, index.Ref));
    public Tensor scatter(long dim, Tensor index, Tensor source) => new(Native.rn_scatter(Ref, dim, index.Ref, source.Ref));
    public Tensor scatter(long dim, Tensor index, Scalar value) => new(Native.rn_scatter_value(Ref, dim, index.Ref, value));
    public Tensor scatter_add(long dim, Tensor index, Tensor source) => new(Native.rn_scatter_add(Ref, dim, index.Ref, source.Ref));
    public Tensor masked_fill(Tensor mask, Scalar value) => new(Native.rn_masked_fill(Ref, mask.Ref, value));
    public Tensor masked_fill_(Tensor mask, Scalar value) { Native.Check(Native.rn_masked_fill_(Ref, mask.Ref, value)); return this; }
    public Tensor masked_select(Tensor mask) => new(Native.rn_masked_select(Ref, mask.Ref));
    public Tensor nonzero() => new(Native.rn_nonzero(Ref));

    /// <summary>x[i]: the i-th entry along the first dimension (negative counts from the end).</summary>
    public Tensor this[long index] => select(0, index);

    /// <summary>x[a..b]: a slice along the first dimension.</summary>
    public Tensor this[Range range]
    {
        get
        {
            var n = size(0);
            var (offset, length) = range.GetOffsetAndLength(checked((int)n));
            return narrow(0, offset, length);
        }
    }

    /// <summary>x[mask] for a boolean mask (masked_select), x[indexes] for an integer index tensor
    /// (rows along the first dimension).</summary>
    public Tensor this[Tensor selector] =>
        selector.dtype == ScalarType.Bool ? masked_select(selector) : index_select(0, selector);

    public Tensor[] chunk(long chunks, long dim = 0)
    {
        var n = size(dim);
        var step = (n + chunks - 1) / chunks;
        var sizes = new List<long>();
        for (long start = 0; start < n; start += step) sizes.Add(Math.Min(step, n - start));
        return split(sizes.ToArray(), dim);
    }

    /// <summary>Pieces of splitSize along dim (the last may be smaller).</summary>
    public Tensor[] split(long splitSize, long dim = 0)
    {
        if (splitSize <= 0) throw new TorchException($"split expects a positive split size, got {splitSize}");
        var n = size(dim);
        var sizes = new List<long>();
        for (long start = 0; start < n; start += splitSize) sizes.Add(Math.Min(splitSize, n - start));
        return split(sizes.ToArray(), dim);
    }

    public unsafe Tensor[] split(long[] sizes, long dim = 0)
    {
        var handles = new IntPtr[sizes.Length];
        fixed (long* s = sizes)
        fixed (IntPtr* h = handles)
            Native.Check(Native.rn_split_with_sizes(Ref, s, sizes.Length, dim, h));
        return handles.Select(h => new Tensor(h)).ToArray();
    }
}
