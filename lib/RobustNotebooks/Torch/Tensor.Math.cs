namespace RobustNotebooks.Torch;

// Elementwise math, comparisons and matrix products, with PyTorch's names and broadcasting.
public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => new(Native.rn_unary(op, Ref));
    private Tensor UnaryInPlace(UnaryOp op) { Native.Check(Native.rn_unary_(op, Ref)); return this; }
    private Tensor Binary(BinaryOp op, Tensor other) => new(Native.rn_binary(op, Ref, other.Ref));
    private Tensor Binary(BinaryOp op, Scalar other) => new(Native.rn_binary_scalar(op, Ref, other));
    private Tensor BinaryInPlace(BinaryOp op, Tensor other) { Native.Check(Native.rn_binary_(op, Ref, other.Ref)); return this; }
    private Tensor BinaryInPlace(BinaryOp op, Scalar other) { Native.Check(Native.rn_binary_scalar_(op, Ref, other)); return this; }

    public Tensor neg() => Unary(UnaryOp.Neg);
    public Tensor abs() => Unary(UnaryOp.Abs);
    public Tensor sign() => Unary(UnaryOp.Sign);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor exp() => Unary(UnaryOp.Exp);
    public Tensor log() => Unary(UnaryOp.Log);
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    public Tensor sin() => Unary(UnaryOp.Sin);
    public Tensor cos() => Unary(UnaryOp.Cos);
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor relu() => Unary(UnaryOp.Relu);
    public Tensor floor() => Unary(UnaryOp.Floor);
    public Tensor ceil() => Unary(UnaryOp.Ceil);
    public Tensor round() => Unary(UnaryOp.Round);
    public Tensor trunc() => Unary(UnaryOp.Trunc);
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor square() => Unary(UnaryOp.Square);
    public Tensor erf() => Unary(UnaryOp.Erf);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);

    public Tensor neg_() => UnaryInPlace(UnaryOp.Neg);
    public Tensor abs_() => UnaryInPlace(UnaryOp.Abs);
    public Tensor sign_() => UnaryInPlace(UnaryOp.Sign);
    public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    public Tensor exp_() => UnaryInPlace(UnaryOp.Exp);
    public Tensor log_() => UnaryInPlace(UnaryOp.Log);
    public Tensor tanh_() => UnaryInPlace(UnaryOp.Tanh);
    public Tensor sigmoid_() => UnaryInPlace(UnaryOp.Sigmoid);
    public Tensor relu_() => UnaryInPlace(UnaryOp.Relu);
    public Tensor floor_() => UnaryInPlace(UnaryOp.Floor);
    public Tensor round_() => UnaryInPlace(UnaryOp.Round);
    public Tensor reciprocal_() => UnaryInPlace(UnaryOp.Reciprocal);
    public Tensor square_() => UnaryInPlace(UnaryOp.Square);

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);
    public Tensor add(Tensor other, Scalar alpha) => new(Native.rn_add_scaled(Ref, other.Ref, alpha));
    public Tensor add(Scalar other) => Binary(BinaryOp.Add, other);
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);
    public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other);
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
    public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other);
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
    public Tensor div(Scalar other) => Binary(BinaryOp.Div, other);
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, other);
    public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other);
    public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other);
    public Tensor floor_divide(Scalar other) => Binary(BinaryOp.FloorDivide, other);
    public Tensor atan2(Tensor other) => Binary(BinaryOp.Atan2, other);
    /// <summary>Elementwise max of two tensors (torch.maximum).</summary>
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    public Tensor logical_xor(Tensor other) => Binary(BinaryOp.LogicalXor, other);

    public Tensor add_(Tensor other) => BinaryInPlace(BinaryOp.Add, other);
    public Tensor add_(Tensor other, Scalar alpha) { Native.Check(Native.rn_add_scaled_(Ref, other.Ref, alpha)); return this; }
    public Tensor add_(Scalar other) => BinaryInPlace(BinaryOp.Add, other);
    public Tensor sub_(Tensor other) => BinaryInPlace(BinaryOp.Sub, other);
    public Tensor sub_(Scalar other) => BinaryInPlace(BinaryOp.Sub, other);
    public Tensor mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other);
    public Tensor mul_(Scalar other) => BinaryInPlace(BinaryOp.Mul, other);
    public Tensor div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other);
    public Tensor div_(Scalar other) => BinaryInPlace(BinaryOp.Div, other);
    public Tensor pow_(Scalar exponent) => BinaryInPlace(BinaryOp.Pow, exponent);
    public Tensor addcmul_(Tensor a, Tensor b, Scalar value) { Native.Check(Native.rn_addcmul_(Ref, a.Ref, b.Ref, value)); return this; }
    public Tensor addcdiv_(Tensor a, Tensor b, Scalar value) { Native.Check(Native.rn_addcdiv_(Ref, a.Ref, b.Ref, value)); return this; }
    public Tensor lerp_(Tensor end, Scalar weight) { Native.Check(Native.rn_lerp_(Ref, end.Ref, weight)); return this; }

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
    public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
    public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
    public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
    public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
    public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
    public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);

    /// <summary>Clamps into [min, max]; either bound may be omitted.</summary>
    public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
        new(Native.rn_clamp(Ref, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0));
    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        Native.Check(Native.rn_clamp_(Ref, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0));
        return this;
    }
    /// <summary>Clamps elementwise between tensor bounds (either may be null), e.g. into an ε-ball.</summary>
    public Tensor clamp(Tensor? min, Tensor? max) => new(Native.rn_clamp_tensor(Ref, min?.Ref ?? default, max?.Ref ?? default));
    public Tensor clamp_(Tensor? min, Tensor? max) { Native.Check(Native.rn_clamp_tensor_(Ref, min?.Ref ?? default, max?.Ref ?? default)); return this; }
    public Tensor clamp_min(Scalar min) => clamp(min, null);
    public Tensor clamp_max(Scalar max) => clamp(null, max);

    public Tensor mm(Tensor other) => new(Native.rn_mm(Ref, other.Ref));
    public Tensor matmul(Tensor other) => new(Native.rn_matmul(Ref, other.Ref));
    public Tensor bmm(Tensor other) => new(Native.rn_bmm(Ref, other.Ref));
    /// <summary>beta * this + alpha * (a @ b).</summary>
    public Tensor addmm(Tensor a, Tensor b, Scalar? beta = null, Scalar? alpha = null) =>
        new(Native.rn_addmm(Ref, a.Ref, b.Ref, beta ?? 1, alpha ?? 1));

    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        var r = Native.rn_allclose(Ref, other.Ref, rtol, atol);
        if (r < 0) Native.ThrowLastError();
        return r == 1;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => new(Native.rn_scalar_binary(BinaryOp.Sub, a, b.Ref));
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator /(Scalar a, Tensor b) => new(Native.rn_scalar_binary(BinaryOp.Div, a, b.Ref));
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
    public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator !(Tensor a) => a.logical_not();
}
