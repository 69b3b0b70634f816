using RobustNotebooks.Nn;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Models;

/// <summary>conv3×3 → BN → ReLU → conv3×3 → BN, plus the (projected) input, then ReLU.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(long inPlanes, long planes, long stride)
    {
        conv1 = new Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = new BatchNorm2d(planes);
        conv2 = new Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = new BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = new Sequential(new Conv2d(inPlanes, planes, 1, stride: stride, bias: false), new BatchNorm2d(planes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var a = conv1.call(x);
        using var b = bn1.call(a);
        using var c = b.relu();
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var shortcut = downsample is null ? x.alias() : downsample.call(x);
        using var sum = e + shortcut;
        return sum.relu();
    }
}

/// <summary>conv1×1 → BN → ReLU → conv3×3 (stride) → BN → ReLU → conv1×1 (×4) → BN, plus the
/// (projected) input, then ReLU: the official code's block.</summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const long Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public Bottleneck(long inPlanes, long planes, long stride)
    {
        conv1 = new Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = new BatchNorm2d(planes);
        conv2 = new Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = new BatchNorm2d(planes);
        conv3 = new Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = new BatchNorm2d(planes * Expansion);
        if (stride != 1 || inPlanes != planes * Expansion)
            downsample = new Sequential(new Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), new BatchNorm2d(planes * Expansion));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var a = conv1.call(x);
        using var b = bn1.call(a);
        using var c = b.relu();
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var f = e.relu();
        using var g = conv3.call(f);
        using var h = bn3.call(g);
        using var shortcut = downsample is null ? x.alias() : downsample.call(x);
        using var sum = h + shortcut;
        return sum.relu();
    }
}
