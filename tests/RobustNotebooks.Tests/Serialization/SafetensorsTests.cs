using System.Buffers.Binary;
using System.Text;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Serialization;

public class SafetensorsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rn-st-");

    public void Dispose() => _dir.Delete(true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    // The same formula in C# and in Python, per dtype, so each side can check the other's file.
    private static readonly (string name, ScalarType dtype, long[] shape)[] Specs =
    [
        ("f64", ScalarType.Float64, [2, 3]), ("f32", ScalarType.Float32, [4]), ("f16", ScalarType.Float16, [2, 2, 2]),
        ("i64", ScalarType.Int64, [5]), ("i32", ScalarType.Int32, [3, 1]), ("i16", ScalarType.Int16, [6]),
        ("i8", ScalarType.Int8, [7]), ("u8", ScalarType.Byte, [9]), ("bool", ScalarType.Bool, [5]),
        ("scalar", ScalarType.Float32, []), ("empty", ScalarType.Float32, [0, 3]),
    ];

    private const string PythonFormula = """
        SPECS = [("f64", torch.float64, [2, 3]), ("f32", torch.float32, [4]), ("f16", torch.float16, [2, 2, 2]),
                 ("i64", torch.int64, [5]), ("i32", torch.int32, [3, 1]), ("i16", torch.int16, [6]),
                 ("i8", torch.int8, [7]), ("u8", torch.uint8, [9]), ("bool", torch.bool, [5]),
                 ("scalar", torch.float32, []), ("empty", torch.float32, [0, 3])]
        def formula(dtype, shape):
            n = 1
            for s in shape:
                n *= s
            a = torch.arange(n, dtype=torch.float64)
            if dtype == torch.bool:
                v = (a.remainder(3) == 0)
            elif dtype.is_floating_point:
                v = (a * 0.37 - 3.1).to(dtype)
            elif dtype == torch.uint8:
                v = (a * 29).remainder(256).to(dtype)
            else:
                v = (a * 7 - 20).to(dtype)
            return v.reshape(shape)

        """;

    private static Tensor Formula(ScalarType dtype, long[] shape)
    {
        var n = shape.Aggregate(1L, (x, y) => x * y);
        using var a = arange(0, n, 1, ScalarType.Float64);
        Tensor v;
        if (dtype == ScalarType.Bool) { using var r = a.remainder(3); v = r.eq(0); }
        else if (dtype.IsFloatingPoint()) { using var m = a * 0.37; using var s = m - 3.1; v = s.to(dtype); }
        else if (dtype == ScalarType.Byte) { using var m = a * 29; using var r = m.remainder(256); v = r.to(dtype); }
        else { using var m = a * 7; using var s = m - 20; v = s.to(dtype); }
        using (v) return v.reshape(shape);
    }

    private static Dictionary<string, Tensor> FormulaTensors() => Specs.ToDictionary(s => s.name, s => Formula(s.dtype, s.shape));

    private static void AssertSame(Tensor expected, Tensor actual, string name)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        using var eq = expected.eq(actual);
        using var all = eq.all();
        Assert.True(all.item<bool>(), $"{name} differs");
    }

    [Fact]
    public void RoundTripsEveryDtypeAndTheMetadata()
    {
        var tensors = FormulaTensors();
        try
        {
            var file = PathOf("all.safetensors");
            Safetensors.Save(file, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode ✓" });
            var bytes = File.ReadAllBytes(file);
            var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0, headerLength % 8);
            Assert.Equal(0, (8 + headerLength) % 8);
            var (loaded, meta) = Safetensors.Load(file);
            Assert.Equal(tensors.Keys, loaded.Keys);
            foreach (var (k, t) in tensors) AssertSame(t, loaded[k], k);
            Assert.Equal("ünïcode ✓", meta["note"]);
            foreach (var t in loaded.Values) t.Dispose();
            Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp"));
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    [Fact]
    public void PyTorchReadsOurFilesAndWeReadPyTorchs()
    {
        var tensors = FormulaTensors();
        try
        {
            var ours = PathOf("ours.safetensors");
            var theirs = PathOf("theirs.safetensors");
            Safetensors.Save(ours, tensors, new Dictionary<string, string> { ["origin"] = "dotnet" });
            var script = PathOf("check.py");
            File.WriteAllText(script, PyTorchReference.PreludeText.Replace("IN, OUT = sys.argv[1], sys.argv[2]\ninputs, meta = st_load(IN)\noutputs = {}\n", "") + PythonFormula + """
                loaded, meta = st_load(sys.argv[1])
                assert meta == {"origin": "dotnet"}, meta
                assert list(loaded) == [s[0] for s in SPECS], list(loaded)
                for name, dtype, shape in SPECS:
                    t = loaded[name]
                    assert t.dtype == dtype and list(t.shape) == shape, (name, t.dtype, t.shape)
                    assert torch.equal(t, formula(dtype, shape)), (name, t, formula(dtype, shape))
                st_save(sys.argv[2], {name: formula(dtype, shape) for name, dtype, shape in reversed(SPECS)}, {"origin": "pytorch"})
                print("checked", len(SPECS))
                """);
            var output = PyTorchReference.RunScript(script, ours, theirs);
            Assert.Contains($"checked {Specs.Length}", output);
            var (loaded, meta) = Safetensors.Load(theirs);
            Assert.Equal("pytorch", meta["origin"]);
            Assert.Equal(Specs.Length, loaded.Count);
            foreach (var (k, t) in tensors) AssertSame(t, loaded[k], k);
            foreach (var t in loaded.Values) t.Dispose();
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    private byte[] ValidFile()
    {
        var file = PathOf("valid.safetensors");
        using var a = arange(0, 6, 1, ScalarType.Float32);
        using var w = a.reshape(2, 3);
        using var m = tensor(new bool[] { true, false, true });
        using var i = tensor(new long[] { 1, -2 });
        Safetensors.Save(file, new Dictionary<string, Tensor> { ["w"] = w, ["mask"] = m, ["idx"] = i },
            new Dictionary<string, string> { ["k"] = "v" });
        return File.ReadAllBytes(file);
    }

    private static byte[] Build(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private CheckpointFormatException Rejects(byte[] bytes)
    {
        var file = PathOf("bad.safetensors");
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<CheckpointFormatException>(() => Safetensors.Load(file));
        Assert.Contains(file, e.Message);
        return e;
    }

    [Fact]
    public void DamagedFilesNameTheFieldAtFault()
    {
        var valid = ValidFile();
        Assert.Contains("header length", Rejects(valid[..5]).Field);
        Assert.Contains("header length", Rejects(valid[..40]).Field);
        Assert.Equal("tensor \"idx\".data_offsets", Rejects(valid[..^1]).Field);
        Assert.Equal("data", Rejects([.. valid, 0]).Field);
        Assert.Equal("header", Rejects(Build("{\"w\": [", 0)).Field);
        Assert.Equal("tensor \"w\".dtype", Rejects(Build("""{"w":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}""", 2)).Field);
        Assert.Equal("tensor \"w\".shape", Rejects(Build("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4)).Field);
        Assert.Equal("tensor \"w\".data_offsets", Rejects(Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4)).Field);
        Assert.Contains("overlaps", Rejects(Build("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}""", 3)).Message);
        Assert.Contains("past the", Rejects(Build("""{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}""", 2)).Message);
        Assert.Contains("BOOL", Rejects(Build("""{"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}""", 2) is var b ? Set(b, ^1, 7) : null!).Message);
        Assert.Contains("shape", Rejects(Build("""{"a":{"dtype":"F64","shape":[4611686018427387904, 4],"data_offsets":[0,8]}}""", 8)).Field);
        Assert.Equal("__metadata__.k", Rejects(Build("""{"__metadata__":{"k":1}}""", 0)).Field);
        var huge = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);
        Assert.Contains("header length", Rejects(huge).Field);
    }

    private static byte[] Set(byte[] bytes, Index at, byte value)
    {
        bytes[at] = value;
        return bytes;
    }

    [Fact]
    public void ThousandsOfRandomCorruptionsEitherLoadOrThrowCheckpointFormatException()
    {
        var valid = ValidFile();
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var rng = new Random(20240601);
        var file = PathOf("fuzz.safetensors");
        int loaded = 0, rejected = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            byte[] bytes;
            switch (trial % 4)
            {
                case 0:
                    bytes = valid[..rng.Next(valid.Length)];
                    break;
                case 1:
                    bytes = (byte[])valid.Clone();
                    for (var k = rng.Next(1, 5); k > 0; k--) bytes[rng.Next(headerEnd)] = (byte)rng.Next(256);
                    break;
                case 2:
                    bytes = (byte[])valid.Clone();
                    var pos = rng.Next(8, headerEnd);
                    bytes[pos] = (byte)"0123456789-,:[]{}\"e. "[rng.Next(21)];
                    break;
                default:
                    bytes = (byte[])valid.Clone();
                    for (var k = rng.Next(1, 4); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
            }
            File.WriteAllBytes(file, bytes);
            try
            {
                var (tensors, _) = Safetensors.Load(file);
                foreach (var t in tensors.Values) t.Dispose();
                loaded++;
            }
            catch (CheckpointFormatException)
            {
                rejected++;
            }
        }
        Assert.Equal(3000, loaded + rejected);
        Assert.True(rejected > 1500, $"only {rejected} of 3000 corruptions were detected");
        Assert.True(loaded > 0, "no corruption of the data bytes loaded (they are legitimate values)");
    }

    [Fact]
    public void SavingIsAtomicAndRejectsReservedNames()
    {
        var file = PathOf("atomic.safetensors");
        using var x = ones(3);
        Safetensors.Save(file, new Dictionary<string, Tensor> { ["x"] = x });
        var before = File.ReadAllBytes(file);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(file, new Dictionary<string, Tensor> { ["__metadata__"] = x }));
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Single(Directory.GetFiles(_dir.FullName));
    }
}
