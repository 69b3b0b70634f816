using System.Diagnostics;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Tests.Serialization;

/// <summary>Runs a short script under Debian's PyTorch (same libtorch as ours) to get reference
/// values. Tensors travel both ways as safetensors files, read and written in Python with
/// struct + json + torch.frombuffer only, so the reference never depends on our own reader.</summary>
public static class PyTorchReference
{
    public const string Python = "/usr/bin/python3";

    private const string Prelude = """
        import json, struct, sys, torch
        torch.set_num_threads(1)
        DT = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "I64": torch.int64, "I32": torch.int32,
              "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
        NAME = {v: k for k, v in DT.items()}

        def st_load(path):
            data = open(path, "rb").read()
            n = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + n])
            meta = header.pop("__metadata__", {})
            out = {}
            for k, v in header.items():
                b, e = v["data_offsets"]
                raw = bytearray(data[8 + n + b: 8 + n + e])
                t = torch.frombuffer(raw, dtype=DT[v["dtype"]]) if e > b else torch.empty(0, dtype=DT[v["dtype"]])
                out[k] = t.reshape(v["shape"]).clone()
            return out, meta

        def st_save(path, tensors, meta=None):
            header, blobs, off = {}, [], 0
            if meta:
                header["__metadata__"] = meta
            for k, t in tensors.items():
                t = t.detach().contiguous().cpu()
                raw = t.numpy().tobytes()
                header[k] = {"dtype": NAME[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
                blobs.append(raw)
                off += len(raw)
            h = json.dumps(header).encode()
            h += b" " * ((8 - len(h) % 8) % 8)
            with open(path, "wb") as f:
                f.write(struct.pack("<Q", len(h)))
                f.write(h)
                for raw in blobs:
                    f.write(raw)

        IN, OUT = sys.argv[1], sys.argv[2]
        inputs, meta = st_load(IN)
        outputs = {}

        """;

    /// <summary>Runs <paramref name="body"/> with <c>inputs</c> (dict of tensors) and <c>meta</c> bound;
    /// the script fills <c>outputs</c>, which come back as tensors (the caller disposes them).</summary>
    public static Dictionary<string, Tensor> Run(string body, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var dir = Directory.CreateTempSubdirectory("rn-pyref-");
        try
        {
            var script = Path.Combine(dir.FullName, "reference.py");
            var inPath = Path.Combine(dir.FullName, "in.safetensors");
            var outPath = Path.Combine(dir.FullName, "out.safetensors");
            File.WriteAllText(script, Prelude + body + "\nst_save(OUT, outputs)\n");
            Safetensors.Save(inPath, inputs, metadata);
            RunScript(script, inPath, outPath);
            return Safetensors.Load(outPath).tensors;
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Runs a script given the paths it reads and writes; returns its standard output.</summary>
    public static string RunScript(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("the PyTorch reference script did not finish in 120 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"the PyTorch reference script failed ({p.ExitCode}):\n{stderr.Result}");
        return stdout.Result;
    }

    public static string PreludeText => Prelude;

    /// <summary>torch.__version__ as Debian's PyTorch reports it (the libtorch both sides load), as
    /// major.minor.patch: Python's build adds a pre-release tag ("1.13.0a0") that libtorch's header leaves out.</summary>
    public static string TorchVersion()
    {
        var dir = Directory.CreateTempSubdirectory("rn-pyver-");
        try
        {
            var script = Path.Combine(dir.FullName, "version.py");
            File.WriteAllText(script, "import torch\nprint(torch.__version__)\n");
            return System.Text.RegularExpressions.Regex.Match(RunScript(script), @"\d+\.\d+\.\d+").Value;
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Asserts two tensors have the same shape and agree elementwise within the tolerances.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.to(ScalarType.Float64);
        using var a = actual.to(ScalarType.Float64);
        var ev = e.data<double>();
        var av = a.data<double>();
        for (var i = 0; i < ev.Length; i++)
            Assert.True(Math.Abs(ev[i] - av[i]) <= atol + rtol * Math.Abs(ev[i]),
                $"{what}[{i}]: PyTorch {ev[i]:R}, ours {av[i]:R}");
    }
}
