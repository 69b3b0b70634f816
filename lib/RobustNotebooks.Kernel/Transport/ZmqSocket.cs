using System.Runtime.InteropServices;

namespace RobustNotebooks.Kernel.Transport;

/// <summary>One ZeroMQ socket speaking in multipart messages. A ZeroMQ socket must not be used
/// from two threads at once; callers that share one (iopub) serialise through <see cref="SendLock"/>.</summary>
internal sealed class ZmqSocket : IDisposable
{
    private nint _handle;

    public object SendLock { get; } = new();

    public nint Handle => _handle;

    public ZmqSocket(nint context, int type, string endpoint, int receiveTimeoutMs = -1)
    {
        _handle = ZmqNative.Socket(context, type);
        if (_handle == 0) throw new IOException($"zmq_socket failed: {ZmqNative.LastError()}");
        SetInt(ZmqNative.LINGER, 0);
        if (receiveTimeoutMs >= 0) SetInt(ZmqNative.RCVTIMEO, receiveTimeoutMs);
        if (ZmqNative.Bind(_handle, endpoint) != 0)
            throw new IOException($"cannot bind {endpoint}: {ZmqNative.LastError()}");
    }

    private unsafe void SetInt(int option, int value)
    {
        if (ZmqNative.SetSockOpt(_handle, option, &value, sizeof(int)) != 0)
            throw new IOException($"zmq_setsockopt({option}) failed: {ZmqNative.LastError()}");
    }

    private unsafe bool HasMore()
    {
        int more = 0;
        nuint size = sizeof(int);
        return ZmqNative.GetSockOpt(_handle, ZmqNative.RCVMORE, &more, &size) == 0 && more != 0;
    }

    /// <summary>Receives every frame of the next message, or returns null when the receive timeout
    /// passes with nothing to read.</summary>
    public unsafe List<byte[]>? Receive()
    {
        var frames = new List<byte[]>();
        nint msg = Marshal.AllocHGlobal(ZmqNative.MessageStructSize);
        try
        {
            while (true)
            {
                ZmqNative.MsgInit(msg);
                int n = ZmqNative.MsgRecv(msg, _handle, 0);
                if (n < 0)
                {
                    int err = ZmqNative.Errno();
                    ZmqNative.MsgClose(msg);
                    if (frames.Count == 0 && (err == ZmqNative.EAGAIN || err == ZmqNative.EINTR)) return null;
                    if (err == ZmqNative.EAGAIN || err == ZmqNative.EINTR) continue;
                    throw new IOException($"zmq_msg_recv failed: {ZmqNative.LastError()}");
                }
                var frame = new byte[(int)ZmqNative.MsgSize(msg)];
                if (frame.Length > 0) new ReadOnlySpan<byte>((void*)ZmqNative.MsgData(msg), frame.Length).CopyTo(frame);
                ZmqNative.MsgClose(msg);
                frames.Add(frame);
                if (!HasMore()) return frames;
            }
        }
        finally { Marshal.FreeHGlobal(msg); }
    }

    public unsafe void Send(IReadOnlyList<byte[]> frames)
    {
        lock (SendLock)
        {
            for (int i = 0; i < frames.Count; i++)
            {
                int flags = i < frames.Count - 1 ? ZmqNative.SNDMORE : 0;
                fixed (byte* p = frames[i])
                {
                    while (ZmqNative.Send(_handle, p, (nuint)frames[i].Length, flags) < 0)
                    {
                        if (ZmqNative.Errno() != ZmqNative.EINTR)
                            throw new IOException($"zmq_send failed: {ZmqNative.LastError()}");
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        if (_handle != 0) { ZmqNative.Close(_handle); _handle = 0; }
    }
}
