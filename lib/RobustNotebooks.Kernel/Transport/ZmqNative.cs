using System.Runtime.InteropServices;

namespace RobustNotebooks.Kernel.Transport;

/// <summary>The slice of the libzmq C API the kernel needs. We bind Debian's libzmq.so.5 directly
/// because no managed ZeroMQ package is available from the package source here.</summary>
internal static partial class ZmqNative
{
    private const string Lib = "libzmq.so.5";

    public const int PUB = 1;
    public const int ROUTER = 6;

    public const int SNDMORE = 2;
    public const int RCVMORE = 13;
    public const int LINGER = 17;
    public const int RCVTIMEO = 27;

    public const int EAGAIN = 11;
    public const int EINTR = 4;

    /// <summary>zmq_msg_t is an opaque 64-byte, pointer-aligned block.</summary>
    public const int MessageStructSize = 64;

    [LibraryImport(Lib, EntryPoint = "zmq_ctx_new")] public static partial nint CtxNew();
    [LibraryImport(Lib, EntryPoint = "zmq_socket")] public static partial nint Socket(nint context, int type);
    [LibraryImport(Lib, EntryPoint = "zmq_close")] public static partial int Close(nint socket);
    [LibraryImport(Lib, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Bind(nint socket, string endpoint);
    [LibraryImport(Lib, EntryPoint = "zmq_setsockopt")]
    public static unsafe partial int SetSockOpt(nint socket, int option, void* value, nuint size);
    [LibraryImport(Lib, EntryPoint = "zmq_getsockopt")]
    public static unsafe partial int GetSockOpt(nint socket, int option, void* value, nuint* size);
    [LibraryImport(Lib, EntryPoint = "zmq_send")]
    public static unsafe partial int Send(nint socket, byte* buffer, nuint length, int flags);
    [LibraryImport(Lib, EntryPoint = "zmq_msg_init")] public static partial int MsgInit(nint message);
    [LibraryImport(Lib, EntryPoint = "zmq_msg_recv")] public static partial int MsgRecv(nint message, nint socket, int flags);
    [LibraryImport(Lib, EntryPoint = "zmq_msg_data")] public static partial nint MsgData(nint message);
    [LibraryImport(Lib, EntryPoint = "zmq_msg_size")] public static partial nuint MsgSize(nint message);
    [LibraryImport(Lib, EntryPoint = "zmq_msg_close")] public static partial int MsgClose(nint message);
    [LibraryImport(Lib, EntryPoint = "zmq_proxy")] public static partial int Proxy(nint frontend, nint backend, nint capture);
    [LibraryImport(Lib, EntryPoint = "zmq_errno")] public static partial int Errno();
    [LibraryImport(Lib, EntryPoint = "zmq_strerror")] public static partial nint StrError(int errnum);

    public static string LastError()
    {
        int code = Errno();
        return $"{Marshal.PtrToStringUTF8(StrError(code))} (errno {code})";
    }
}
