using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobustNotebooks.Torch;

/// <summary>Finds the shim beside this assembly (also when a notebook #r's the dll from another
/// folder), checks its version, loads libtorch_cuda when present, sets the intra-op thread count
/// to the processor count and has malloc keep freed host memory for reuse. A failure throws one TorchException that says what to install or set.</summary>
internal static class NativeLoader
{
    internal const int ExpectedShimVersion = 1;
    private const string FileName = "librobustnb_native.so";
    private static IntPtr _handle;
    private static readonly object Gate = new();

    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Native.Lib ? Load() : IntPtr.Zero;

    internal static unsafe IntPtr Load()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero) return _handle;
            var candidates = CandidatePaths().ToList();
            var file = candidates.FirstOrDefault(File.Exists) ?? throw new TorchException(
                $"{FileName} (the shim over libtorch) was not found; looked in: {string.Join(", ", candidates)}. " +
                "Build the library (dotnet build, or ./robustnb at the repository root) so the shim sits beside RobustNotebooks.dll.");
            IntPtr handle;
            try { handle = NativeLibrary.Load(file); }
            catch (DllNotFoundException e)
            {
                throw new TorchException(
                    $"{file} could not be loaded: {e.Message}. libtorch is missing or not on the loader path: " +
                    "install Debian's libtorch-dev (apt-get install libtorch-dev libopenblas0-pthread), or set LIBTORCH " +
                    "to an unpacked libtorch (CPU or CUDA) or a PyTorch install and rebuild.");
            }
            var version = ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "rn_shim_version"))();
            if (version != ExpectedShimVersion)
                throw new TorchException($"{file} is shim version {version} but this RobustNotebooks.dll expects " +
                    $"{ExpectedShimVersion}: rebuild the solution so both come from the same sources.");
            CheckOpCodes(file, handle);
            ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "rn_load_cuda"))();
            ((delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, "rn_set_num_threads"))(DefaultThreads());
            if (NativeAllocator.KeepsFreedMemory)
                ((delegate* unmanaged<long, long, int>)NativeLibrary.GetExport(handle, "rn_keep_freed_memory"))(NativeAllocator.MmapThreshold, NativeAllocator.TrimThreshold);
            _handle = handle;
            return handle;
        }
    }

    // The op codes are positions in lists that the C++ side and Native.cs each spell out; a list
    // reordered or extended on one side only would run the wrong op without any error.
    private static unsafe void CheckOpCodes(string file, IntPtr handle)
    {
        var names = (delegate* unmanaged<int, IntPtr>)NativeLibrary.GetExport(handle, "rn_op_names");
        CompareOpCodes(file, Marshal.PtrToStringUTF8(names(0)), typeof(UnaryOp));
        CompareOpCodes(file, Marshal.PtrToStringUTF8(names(1)), typeof(BinaryOp));
        CompareOpCodes(file, Marshal.PtrToStringUTF8(names(2)), typeof(ReduceOp));
    }

    internal static void CompareOpCodes(string file, string? native, Type codes)
    {
        var expected = string.Concat(Enum.GetNames(codes).Select(n => n + ","));
        if (native != expected)
            throw new TorchException($"{file} numbers its {codes.Name} codes as {native?.TrimEnd(',')} but Native.cs as " +
                $"{expected.TrimEnd(',')}: make the lists in lib/native/src/math.cpp and Native.cs agree and rebuild.");
    }

    private static int DefaultThreads() =>
        int.TryParse(Environment.GetEnvironmentVariable("ROBUSTNB_NUM_THREADS"), out var n) && n > 0 ? n : Environment.ProcessorCount;

    private static IEnumerable<string> CandidatePaths()
    {
        var location = typeof(NativeLoader).Assembly.Location;
        if (!string.IsNullOrEmpty(location)) yield return Path.Combine(Path.GetDirectoryName(location)!, FileName);
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
    }
}
