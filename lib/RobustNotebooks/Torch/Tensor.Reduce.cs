namespace RobustNotebooks.Torch;

// Reductions, sorting and selection. A null or empty dims array reduces over every dimension.
public sealed partial class Tensor
{
    private unsafe Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim)
    {
        dims ??= [];
        fixed (long* p = dims) return new(Native.rn_reduce(op, Ref, p, dims.Length, keepdim ? 1 : 0));
    }

    public Tensor sum() => Reduce(ReduceOp.Sum, null, false);
    public Tensor sum(long dim, bool keepdim = false) => Reduce(ReduceOp.Sum, [dim], keepdim);
    public Tensor sum(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Sum, dims, keepdim);
    public Tensor mean() => Reduce(ReduceOp.Mean, null, false);
    public Tensor mean(long dim, bool keepdim = false) => Reduce(ReduceOp.Mean, [dim], keepdim);
    public Tensor mean(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Mean, dims, keepdim);
    public Tensor prod() => Reduce(ReduceOp.Prod, null, false);
    public Tensor prod(long dim, bool keepdim = false) => Reduce(ReduceOp.Prod, [dim], keepdim);
    public Tensor amax(params long[] dims) => Reduce(ReduceOp.Amax, dims, false);
    public Tensor amax(long[] dims, bool keepdim) => Reduce(ReduceOp.Amax, dims, keepdim);
    public Tensor amin(params long[] dims) => Reduce(ReduceOp.Amin, dims, false);
    public Tensor amin(long[] dims, bool keepdim) => Reduce(ReduceOp.Amin, dims, keepdim);
    public Tensor any() => Reduce(ReduceOp.Any, null, false);
    public Tensor any(long dim, bool keepdim = false) => Reduce(ReduceOp.Any, [dim], keepdim);
    public Tensor all() => Reduce(ReduceOp.All, null, false);
    public Tensor all(long dim, bool keepdim = false) => Reduce(ReduceOp.All, [dim], keepdim);
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    public Tensor logsumexp(long[] dims, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, dims, keepdim);

    /// <summary>The largest element.</summary>
    public Tensor max() => Reduce(ReduceOp.Amax, null, false);
    public Tensor min() => Reduce(ReduceOp.Amin, null, false);

    /// <summary>Largest values along a dimension and where they are.</summary>
    public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => MaxMin(dim, keepdim, true);
    public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => MaxMin(dim, keepdim, false);

    private (Tensor, Tensor) MaxMin(long dim, bool keepdim, bool isMax)
    {
        Native.Check(Native.rn_max_dim(Ref, dim, keepdim ? 1 : 0, isMax ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argmax() => new(Native.rn_argmax(Ref, 0, 0, 0, 1));
    public Tensor argmax(long dim, bool keepdim = false) => new(Native.rn_argmax(Ref, dim, 1, keepdim ? 1 : 0, 1));
    public Tensor argmin() => new(Native.rn_argmax(Ref, 0, 0, 0, 0));
    public Tensor argmin(long dim, bool keepdim = false) => new(Native.rn_argmax(Ref, dim, 1, keepdim ? 1 : 0, 0));

    public (Tensor values, Tensor indexes) sort(long dim = -1, bool descending = false)
    {
        Native.Check(Native.rn_sort(Ref, dim, descending ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argsort(long dim = -1, bool descending = false)
    {
        var (values, indexes) = sort(dim, descending);
        values.Dispose();
        return indexes;
    }

    public (Tensor values, Tensor indexes) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        Native.Check(Native.rn_topk(Ref, k, dim, largest ? 1 : 0, sorted ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>The p-norm over the given dimensions (all when none), as torch.linalg.vector_norm.</summary>
    public unsafe Tensor norm(double p = 2, long[]? dims = null, bool keepdim = false)
    {
        dims ??= [];
        fixed (long* d = dims) return new(Native.rn_norm(Ref, p, d, dims.Length, keepdim ? 1 : 0));
    }

    public Tensor norm(double p, long dim, bool keepdim = false) => norm(p, [dim], keepdim);

    private unsafe Tensor Moment(long[]? dims, bool unbiased, bool keepdim, bool takeSqrt)
    {
        dims ??= [];
        fixed (long* d = dims) return new(Native.rn_var(Ref, d, dims.Length, unbiased ? 1 : 0, keepdim ? 1 : 0, takeSqrt ? 1 : 0));
    }

    public Tensor std(bool unbiased = true) => Moment(null, unbiased, false, true);
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => Moment([dim], unbiased, keepdim, true);
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => Moment(dims, unbiased, keepdim, true);
    public Tensor var(bool unbiased = true) => Moment(null, unbiased, false, false);
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => Moment([dim], unbiased, keepdim, false);
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => Moment(dims, unbiased, keepdim, false);

    public Tensor cumsum(long dim) => new(Native.rn_cumsum(Ref, dim));
}
