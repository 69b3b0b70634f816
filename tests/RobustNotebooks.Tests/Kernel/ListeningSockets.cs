using System.Globalization;
using System.Net;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>The TCP sockets a process listens on, read from /proc: its socket inodes from /proc/PID/fd,
/// matched against the LISTEN rows of /proc/net/tcp and /proc/net/tcp6.</summary>
public static class ListeningSockets
{
    public sealed record Listener(IPAddress Address, int Port)
    {
        public bool IsLoopback => IPAddress.IsLoopback(Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address);

        public override string ToString() => $"{Address}:{Port}";
    }

    public static IReadOnlyList<Listener> Of(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in SafeFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
        }
        var result = new List<Listener>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cells.Length < 10 || cells[3] != "0A" || !inodes.Contains(cells[9])) continue;
                var (address, port) = (cells[1][..cells[1].IndexOf(':')], cells[1][(cells[1].IndexOf(':') + 1)..]);
                result.Add(new Listener(ParseAddress(address), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        return result;
    }

    /// <summary>The kernel writes each 32-bit word of the address in host (little-endian) order.</summary>
    private static IPAddress ParseAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4) Array.Reverse(bytes, word, 4);
        return new IPAddress(bytes);
    }

    private static IEnumerable<string> SafeFiles(string dir)
    {
        try { return Directory.GetFiles(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
