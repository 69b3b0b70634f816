using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

/// <summary>A number as libtorch sees it: floating, integer or boolean, so that
/// <c>labels + 1</c> stays an integer tensor and <c>x * 0.5</c> promotes as in PyTorch.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Scalar
{
    private readonly double _d;
    private readonly long _i;
    private readonly int _kind; // 0 floating, 1 integer, 2 boolean (the shim's RnScalar)

    private Scalar(double d, long i, int kind) { _d = d; _i = i; _kind = kind; }

    public static implicit operator Scalar(double v) => new(v, 0, 0);
    public static implicit operator Scalar(float v) => new(v, 0, 0);
    public static implicit operator Scalar(long v) => new(0, v, 1);
    public static implicit operator Scalar(int v) => new(0, v, 1);
    public static implicit operator Scalar(bool v) => new(0, v ? 1 : 0, 2);

    internal bool IsFloatingPoint => _kind == 0;

    public double ToDouble() => _kind == 0 ? _d : _i;

    public override string ToString() => _kind switch { 0 => _d.ToString("R"), 2 => (_i != 0).ToString(), _ => _i.ToString() };
}
