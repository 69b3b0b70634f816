using RobustNotebooks.Tests.Serialization;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Torch;

/// <summary>Dtype promotion, devices, CUDA discovery, seeding, threads and printing.</summary>
public class RuntimeTests : LiveTensorCheck
{
    [Fact]
    public void IntegerTensorsStayIntegerWithIntegerScalarsAndPromoteWithFloatingOnes()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 1, 2 });
        Assert.Equal(ScalarType.Int64, (labels + 1).dtype);
        Assert.Equal(ScalarType.Int64, (labels * 3).dtype);
        Assert.Equal(ScalarType.Int64, (2 - labels).dtype);
        Assert.Equal(new long[] { 2, 3 }, (labels + 1).data<long>());
        var half = labels + 0.5;
        Assert.Equal(ScalarType.Float32, half.dtype);
        Assert.Equal(new float[] { 1.5f, 2.5f }, half.data<float>());
        Assert.Equal(ScalarType.Float32, (labels / 2).dtype);
        Assert.Equal(ScalarType.Float64, (labels + tensor(new double[] { 0.5, 0.5 })).dtype);
        Assert.Equal(ScalarType.Float32, (zeros(2) + tensor(new long[] { 1, 1 })).dtype);
        Assert.Equal(ScalarType.Bool, (labels > 1).dtype);
        Assert.Equal(ScalarType.Int32, (tensor(new int[] { 1 }) + 1).dtype);
        Assert.Equal(ScalarType.Float64, (tensor(new double[] { 1 }) * 2.0f).dtype);
        Assert.Equal(ScalarType.Int64, arange(3).dtype);
        Assert.Equal(ScalarType.Float32, arange(0, 1, 0.25).dtype);
        Assert.Equal(4L, arange(0, 1, 0.25).numel());
    }

    [Fact]
    public void ConversionsBetweenDtypes()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1.7, -2.2 });
        Assert.Equal(new long[] { 1, -2 }, x.@long().data<long>());
        Assert.Equal(new float[] { 1.7f, -2.2f }, x.@float().data<float>());
        Assert.Equal(new byte[] { 1, 0 }, (x > 0).to(ScalarType.Byte).data<byte>());
        Assert.Equal(ScalarType.Float16, x.to(float16).dtype);
        Assert.Equal(1.7, x[0].item<double>(), 12);
        Assert.Equal(1.7f, x[0].ToSingle());
        Assert.Equal(-2L, x[1].@long().ToInt64());
        Assert.True((x > 0)[0].item<bool>());
        var e = Assert.Throws<TorchException>(() => x.data<float>());
        Assert.Contains("float64", e.Message);
    }

    [Theory]
    [InlineData("cpu", DeviceType.CPU, 0)]
    [InlineData(" CPU ", DeviceType.CPU, 0)]
    [InlineData("cuda", DeviceType.CUDA, 0)]
    [InlineData("cuda:1", DeviceType.CUDA, 1)]
    [InlineData("CUDA:12", DeviceType.CUDA, 12)]
    public void DevicesParseFromStrings(string text, DeviceType type, int index)
    {
        Device d = text;
        Assert.Equal(type, d.Type);
        Assert.Equal(index, d.Index);
        Assert.Equal(type == DeviceType.CPU ? "cpu" : $"cuda:{index}", d.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cpu:0")]
    [InlineData("")]
    public void BadDeviceStringsAreArgumentErrors(string text)
    {
        Assert.Throws<ArgumentException>(() => Device.Parse(text));
    }

    [Fact]
    public void CudaAvailabilityMatchesTheMachine()
    {
        Assert.Equal(MachineDevices.HasCuda, cuda.is_available());
        if (MachineDevices.HasCuda) Assert.True(cuda.device_count() >= 1);
        else Assert.Equal(0, cuda.device_count());
    }

    [Fact]
    public void MovingToCudaWorksWhereTheMachineHasItAndIsATorchExceptionElsewhere()
    {
        using var scope = NewDisposeScope();
        var x = ones(2);
        Assert.Equal(Device.CPU, x.device);
        Assert.False(x.is_cuda);
        Assert.Equal(Device.CPU, x.cpu().device);
        if (MachineDevices.HasCuda)
        {
            var y = x.to("cuda");
            Assert.True(y.is_cuda);
            Assert.Equal(new float[] { 1, 1 }, (y * 2).cpu().data<float>().Select(v => v / 2).ToArray());
            Assert.True(randn([2], device: new Device(DeviceType.CUDA)).is_cuda);
            return;
        }
        var e = Assert.Throws<TorchException>(() => x.to("cuda"));
        Assert.Contains("CUDA", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<TorchException>(() => x.cuda());
        Assert.Throws<TorchException>(() => zeros([2], device: "cuda:1"));
        Assert.Throws<TorchException>(() => randn([2], device: new Device(DeviceType.CUDA)));
    }

    [Fact]
    public void ManualSeedMakesRunsIdentical()
    {
        using var scope = NewDisposeScope();
        float[] Draw()
        {
            manual_seed(42);
            var a = randn(5).data<float>();
            var b = rand(3).data<float>();
            var c = randint(0, 100, [4]).to(float32).data<float>();
            var d = randperm(5).to(float32).data<float>();
            var e = empty(6).normal_().data<float>();
            var f = F.dropout(ones(8), 0.5).data<float>();
            return [.. a, .. b, .. c, .. d, .. e, .. f];
        }
        var first = Draw();
        var second = Draw();
        Assert.Equal(first, second);
        manual_seed(43);
        Assert.NotEqual(first[..5], randn(5).data<float>());
    }

    private static class F
    {
        public static Tensor dropout(Tensor x, double p) => nn.functional.dropout(x, p);
    }

    [Fact]
    public void ThreadCountDefaultsToTheProcessorsAndCanBeSet()
    {
        if (Environment.GetEnvironmentVariable("ROBUSTNB_NUM_THREADS") is null)
            Assert.Equal(Environment.ProcessorCount, get_num_threads());
        var before = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
        }
        finally { set_num_threads(before); }
        Assert.Equal(before, get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => set_num_threads(0));
    }

    [Fact]
    public void VersionsAreReported()
    {
        Assert.Equal(PyTorchReference.TorchVersion(), __version__);
        Assert.Equal(1, shim_version);
    }

    [Fact]
    public void ToStringIsReadable()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("tensor([1., 2., 3.])", tensor(new float[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor([0.5000, 1.2500], dtype=float64)", tensor(new double[] { 0.5, 1.25 }).ToString());
        Assert.Equal("tensor([1, 2])", tensor(new long[] { 1, 2 }).ToString());
        Assert.Equal("tensor([ True, False])", tensor(new[] { true, false }).ToString());
        Assert.Equal("tensor(3.)", tensor(3.0).ToString());
        Assert.Equal("tensor([1., 2.], requires_grad=True)", tensor(new float[] { 1, 2 }, requires_grad: true).ToString());
        Assert.Equal("tensor([nan, inf])", tensor(new float[] { float.NaN, float.PositiveInfinity }).ToString());
        var big = arange(2000, dtype: float32).ToString();
        Assert.Contains("...", big);
        Assert.Contains("size=(2000)", big);
        Assert.True(big.Length < 200, big);
        var t = tensor(new float[] { 1, 2 });
        t.Dispose();
        Assert.Equal("tensor(<disposed>)", t.ToString());
        Assert.Contains("1", tensor(new float[] { 1 }).ToNativeString());
    }

    [Fact]
    public void ToStringOfALargeTensorCopiesOnlyWhatItPrints()
    {
        using var scope = NewDisposeScope();
        var big = arange(1_000_000, dtype: float32).view(1000, 1000);
        _ = big.ToString();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = big.ToString();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A copy of the whole tensor would be 8 MB of doubles; the 6×6 corners and the text need a few kB.
        Assert.True(allocated < 64 * 1024, $"ToString allocated {allocated} bytes");
        var lines = text.Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.Equal("tensor([[     0.,      1.,      2., ...,    997.,    998.,    999.],", lines[0]);
        Assert.Equal("        ...,", lines[3]);
        Assert.Equal("        [999000., 999001., 999002., ..., 999997., 999998., 999999.]], size=(1000, 1000))", lines[6]);
    }

    [Fact]
    public void FactoriesMakeTheRequestedShapesAndValues()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new float[] { 0, 0 }, zeros(2).data<float>());
        Assert.Equal(new double[] { 1, 1 }, ones([2], float64).data<double>());
        Assert.Equal(new long[] { 7, 7 }, full([2], 7, int64).data<long>());
        Assert.Equal(new float[] { 0, 0.5f, 1 }, linspace(0, 1, 3).data<float>());
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, eye(2, 3).flatten().data<float>());
        Assert.Equal([2L, 3L], zeros_like(eye(2, 3)).shape);
        Assert.Equal(ScalarType.Float64, ones_like(eye(2), float64).dtype);
        Assert.Equal(new long[] { 5, 5 }, full_like(tensor(new long[] { 0, 1 }), 5).data<long>());
        Assert.True(rand(1000).lt(1).all().item<bool>());
        Assert.True(rand(1000).ge(0).all().item<bool>());
        Assert.InRange(randn(10000).mean().item<double>(), -0.05, 0.05);
        var ints = randint(3, 5, [1000]);
        Assert.Equal(3L, ints.min().item<long>());
        Assert.Equal(4L, ints.max().item<long>());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i).ToArray(), randperm(10).sort().values.data<long>());
        Assert.Equal(0L, tensor(2.5).dim());
        Assert.Equal(new double[] { 1, 2, 3, 4 }, tensor(new double[,] { { 1, 2 }, { 3, 4 } }).flatten().data<double>());
        Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2]));
        Assert.Throws<ArgumentException>(() => tensor(new float[] { 1 }, [-1]));
        Assert.Equal(0L, zeros(0, 3).numel());
    }
}
