using RobustNotebooks.Kernel.Transport;

namespace RobustNotebooks.Kernel;

/// <summary>Entry point used by <c>robustnb kernel run CONNECTION_FILE</c>.</summary>
public static class KernelHost
{
    public static int Run(string connectionFile)
    {
        var connection = ConnectionInfo.Load(connectionFile);
        // The kernel's own diagnostics go to the real stderr, which Jupyter shows in its log,
        // because Console.Error is handed over to the cells.
        var log = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
        return new KernelServer(connection, Directory.GetCurrentDirectory(), log).Run();
    }
}
