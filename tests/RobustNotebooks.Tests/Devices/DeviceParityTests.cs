using RobustNotebooks.Tests.Functional;
using RobustNotebooks.Tests.Torch;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Devices;

/// <summary>Every case of the engine's finite-difference suites, run on the test device and on the CPU:
/// the values and the input gradients must agree. The CPU side is itself checked against finite
/// differences, so agreement here carries that check over to the device.</summary>
public class DeviceParityTests : LiveTensorCheck
{
    private const string TensorPrefix = "tensor: ";
    private const string FunctionalPrefix = "functional: ";

    public static TheoryData<string> Names => new(
        TensorGradientTests.Cases.Keys.Select(k => TensorPrefix + k)
            .Concat(FunctionalGradientTests.Cases.Keys.Select(k => FunctionalPrefix + k)));

    [DeviceTheory]
    [MemberData(nameof(Names))]
    public void MatchesTheCpu(string name)
    {
        var c = name.StartsWith(TensorPrefix)
            ? TensorGradientTests.Cases[name[TensorPrefix.Length..]]
            : FunctionalGradientTests.Cases[name[FunctionalPrefix.Length..]];
        var device = TestDevice.Device;
        using var scope = NewDisposeScope();
        manual_seed(2024);
        var cpuInputs = c.Inputs();
        var deviceInputs = cpuInputs.Select(x =>
        {
            var moved = x.detach().to(device);
            return x.requires_grad ? moved.requires_grad_() : moved;
        }).ToArray();

        var (cpuValue, cpuGrads) = ValueAndGradients(c.F, cpuInputs);
        var (deviceValue, deviceGrads) = ValueAndGradients(c.F, deviceInputs);

        Assert.Equal(device, deviceValue.device);
        AssertClose($"{name}: value", cpuValue, deviceValue);
        for (int i = 0; i < cpuGrads.Length; i++)
        {
            Assert.True((cpuGrads[i] is null) == (deviceGrads[i] is null), $"{name}: input {i} has a gradient on one device only");
            if (cpuGrads[i] is not null) AssertClose($"{name}: gradient of input {i}", cpuGrads[i]!, deviceGrads[i]!);
        }
    }

    /// <summary>f's value and the gradients of a fixed, non-uniform weighting of it w.r.t. the inputs that require grad.</summary>
    private static (Tensor Value, Tensor?[] Gradients) ValueAndGradients(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        var value = f(inputs);
        var checkedInputs = inputs.Where(x => x.requires_grad).ToArray();
        long n = value.numel();
        var w = new double[n];
        for (long k = 0; k < n; k++) w[k] = Math.Sin(1.3 * k + 0.7) + 0.2;
        var weights = tensor(w, value.shape, value.device).to(value.dtype);
        var objective = (value * weights).sum();
        var grads = autograd.grad([objective], checkedInputs, allow_unused: true);
        return (value.detach(), grads);
    }

    private static void AssertClose(string what, Tensor expected, Tensor actual)
    {
        var onCpu = actual.cpu();
        Assert.True(expected.shape.SequenceEqual(onCpu.shape),
            $"{what}: shape [{string.Join(", ", onCpu.shape)}] on the device, [{string.Join(", ", expected.shape)}] on the CPU");
        var a = expected.to(ScalarType.Float64).data<double>();
        var b = onCpu.to(ScalarType.Float64).data<double>();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-9 + 1e-7 * Math.Abs(a[i]),
                $"{what}: element {i} is {b[i]:G12} on the device, {a[i]:G12} on the CPU");
    }
}
