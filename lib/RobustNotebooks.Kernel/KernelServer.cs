using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RobustNotebooks.Kernel.Display;
using RobustNotebooks.Kernel.Execution;
using RobustNotebooks.Kernel.Protocol;
using RobustNotebooks.Kernel.Transport;

namespace RobustNotebooks.Kernel;

/// <summary>The kernel process: binds the five Jupyter channels, answers shell requests on the
/// calling thread, control requests (interrupt, shutdown) on their own thread so they are heard
/// while a cell runs, and echoes heartbeats through a ZeroMQ proxy.</summary>
public sealed class KernelServer : ICellOutput
{
    /// <summary>After an interrupt, how long a cell may take to reach a check before the kernel tells
    /// the user it is still finishing (inside a call that cannot be interrupted).</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(1);

    private readonly ConnectionInfo _connection;
    private readonly MessageCodec _codec;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly ScriptSession _script;
    private readonly CodeIntelligence _intelligence;
    private readonly TextWriter _log;
    private ZmqSocket _shell = null!, _control = null!, _stdin = null!, _iopub = null!, _heartbeat = null!;
    private volatile JupyterMessage? _currentParent;
    private volatile bool _running = true;
    private int _executionCount;
    private StreamPublisher _stdout = null!, _stderr = null!;

    public KernelServer(ConnectionInfo connection, string workingDirectory, TextWriter log)
    {
        _connection = connection;
        _codec = new MessageCodec(new MessageSigner(Encoding.UTF8.GetBytes(connection.Key)));
        _script = new ScriptSession(workingDirectory, this);
        LibraryConnection.Connect(this);
        _intelligence = new CodeIntelligence(_script);
        _log = log;
    }

    public int Run()
    {
        nint context = ZmqNative.CtxNew();
        if (context == 0) throw new IOException($"zmq_ctx_new failed: {ZmqNative.LastError()}");
        _shell = new ZmqSocket(context, ZmqNative.ROUTER, _connection.Endpoint(_connection.ShellPort), receiveTimeoutMs: 200);
        _control = new ZmqSocket(context, ZmqNative.ROUTER, _connection.Endpoint(_connection.ControlPort), receiveTimeoutMs: 200);
        _stdin = new ZmqSocket(context, ZmqNative.ROUTER, _connection.Endpoint(_connection.StdinPort), receiveTimeoutMs: 200);
        _iopub = new ZmqSocket(context, ZmqNative.PUB, _connection.Endpoint(_connection.IopubPort));
        _heartbeat = new ZmqSocket(context, ZmqNative.ROUTER, _connection.Endpoint(_connection.HeartbeatPort));

        var heartbeat = new Thread(() => ZmqNative.Proxy(_heartbeat.Handle, _heartbeat.Handle, 0)) { IsBackground = true, Name = "heartbeat" };
        heartbeat.Start();
        var control = new Thread(() => Serve(_control)) { IsBackground = true, Name = "control" };
        control.Start();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; CellInterruption.Request(); });

        _stdout = new StreamPublisher("stdout", PublishStream);
        _stderr = new StreamPublisher("stderr", PublishStream);
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);

        Serve(_shell);
        return 0;
    }

    private void Serve(ZmqSocket socket)
    {
        while (_running)
        {
            List<byte[]>? frames;
            try { frames = socket.Receive(); }
            catch (IOException e) { _log.WriteLine($"kernel: receive failed: {e.Message}"); continue; }
            if (frames is null) continue;
            JupyterMessage request;
            try { request = _codec.Decode(frames); }
            catch (InvalidMessageException e) { _log.WriteLine($"kernel: dropped a message: {e.Message}"); continue; }
            try { Handle(socket, request); }
            catch (Exception e) { _log.WriteLine($"kernel: {request.MessageType} failed: {e}"); }
        }
    }

    private void Handle(ZmqSocket socket, JupyterMessage request)
    {
        bool isShell = ReferenceEquals(socket, _shell);
        if (isShell) Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        try
        {
            switch (request.MessageType)
            {
                case "kernel_info_request": Reply(socket, request, "kernel_info_reply", KernelInfo.Reply()); break;
                case "execute_request": Execute(socket, request); break;
                case "is_complete_request": Reply(socket, request, "is_complete_reply", IsComplete((string?)request.Content["code"] ?? "")); break;
                case "complete_request": Reply(socket, request, "complete_reply", Complete(request.Content)); break;
                case "inspect_request": Reply(socket, request, "inspect_reply", Inspect(request.Content)); break;
                case "history_request": Reply(socket, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() }); break;
                case "comm_info_request": Reply(socket, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
                case "interrupt_request":
                    CellInterruption.Request();
                    Reply(socket, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request": Shutdown(socket, request); break;
                default: _log.WriteLine($"kernel: ignored unsupported {request.MessageType}"); break;
            }
        }
        finally
        {
            if (isShell) Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        }
    }

    private void Reply(ZmqSocket socket, JupyterMessage request, string type, JsonObject content) =>
        socket.Send(_codec.Encode(JupyterMessage.Create(type, content, request, _session)));

    private void Publish(string type, JsonObject content, JupyterMessage? parent)
    {
        var message = JupyterMessage.Create(type, content, parent, _session);
        _iopub.Send(_codec.Encode(message, [Encoding.UTF8.GetBytes($"kernel.{_session}.{type}")]));
    }

    private void PublishStream(string name, string text) =>
        Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, _currentParent);

    public void Stream(string name, string text) => PublishStream(name, text);

    public void DisplayData(JsonObject bundle, string? displayId = null) =>
        Publish("display_data", new JsonObject { ["data"] = bundle, ["metadata"] = new JsonObject(), ["transient"] = Transient(displayId) }, _currentParent);

    public void UpdateDisplayData(JsonObject bundle, string displayId) =>
        Publish("update_display_data", new JsonObject { ["data"] = bundle, ["metadata"] = new JsonObject(), ["transient"] = Transient(displayId) }, _currentParent);

    private static JsonObject Transient(string? displayId) => displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };

    public void ClearOutput(bool wait) => Publish("clear_output", new JsonObject { ["wait"] = wait }, _currentParent);

    private void Execute(ZmqSocket socket, JupyterMessage request)
    {
        var code = (string?)request.Content["code"] ?? "";
        bool silent = (bool?)request.Content["silent"] ?? false;
        bool storeHistory = (bool?)request.Content["store_history"] ?? !silent;
        if (!silent && storeHistory) _executionCount++;
        int count = _executionCount;
        Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        _currentParent = request;
        CellResult result = string.IsNullOrWhiteSpace(code) ? CellResult.Ok() : RunInterruptibly(code);
        _stdout.Flush();
        _stderr.Flush();

        if (!result.Succeeded)
        {
            var error = new JsonObject
            {
                ["ename"] = result.ErrorName,
                ["evalue"] = result.ErrorValue,
                ["traceback"] = new JsonArray(result.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            };
            if (!silent) Publish("error", (JsonObject)error.DeepClone(), request);
            error["status"] = "error";
            error["execution_count"] = count;
            Reply(socket, request, "execute_reply", error);
            return;
        }
        if (result.HasValue && !silent)
        {
            JsonObject bundle;
            try { bundle = MimeBundleBuilder.Build(result.Value); }
            catch (Exception e) { bundle = new JsonObject { ["text/plain"] = $"<cannot display {result.Value?.GetType().Name}: {e.Message}>" }; }
            Publish("execute_result", new JsonObject { ["execution_count"] = count, ["data"] = bundle, ["metadata"] = new JsonObject() }, request);
        }
        Reply(socket, request, "execute_reply", new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject(),
        });
    }

    /// <summary>Runs the cell on its own thread, under a token of its own that an interrupt cancels.
    /// The reply waits until the cell's thread has ended, so no code of an interrupted cell runs once
    /// its reply is out. A cell inside a call that cannot be interrupted (a long native call) is told
    /// so on stderr; requests that arrive meanwhile wait in the queue instead of running beside it.</summary>
    private CellResult RunInterruptibly(string code)
    {
        CellResult? result = null;
        using var cell = new CancellationTokenSource();
        var worker = new Thread(() =>
        {
            CellInterruption.Enter(cell);
            try { result = _script.Execute(code); }
            catch (Exception e) { result = CellResult.Error(e.GetType().Name, e.Message, [e.ToString()]); }
            finally { CellInterruption.Leave(cell); }
        }, maxStackSize: 64 * 1024 * 1024) { IsBackground = true, Name = "cell" };
        worker.Start();
        bool told = false;
        while (!worker.Join(50))
        {
            if (told || !cell.IsCancellationRequested || worker.Join(InterruptGrace)) continue;
            told = true;
            _stderr.Write("The cell was interrupted and is still finishing a call that cannot be interrupted; " +
                          "it stops at its next check. Requests sent meanwhile wait for it.\n");
            _stderr.Flush();
        }
        return result!;
    }

    private static JsonObject IsComplete(string code)
    {
        var source = ScriptSession.StripKernelDirective(code);
        var tree = CSharpSyntaxTree.ParseText(source, ScriptSession.ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
            return new JsonObject { ["status"] = "incomplete", ["indent"] = "    " };
        bool invalid = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = invalid ? "invalid" : "complete" };
    }

    private JsonObject Complete(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        int cursor = (int?)content["cursor_pos"] ?? code.Length;
        var completion = _intelligence.Complete(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completion.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = completion.CursorStart,
            ["cursor_end"] = completion.CursorEnd,
            ["metadata"] = new JsonObject(),
        };
    }

    private JsonObject Inspect(JsonObject content)
    {
        var code = (string?)content["code"] ?? "";
        int cursor = (int?)content["cursor_pos"] ?? code.Length;
        var data = _intelligence.Inspect(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok", ["found"] = data is not null, ["data"] = data ?? new JsonObject(), ["metadata"] = new JsonObject(),
        };
    }

    /// <summary>Per the protocol a kernel exits after its shutdown_reply, restart or not; a restart
    /// therefore always starts from empty state in a fresh process.</summary>
    private void Shutdown(ZmqSocket socket, JupyterMessage request)
    {
        bool restart = (bool?)request.Content["restart"] ?? false;
        CellInterruption.Request();
        _script.Reset();
        Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        _running = false;
        _stdout.Flush();
        _stderr.Flush();
        // Give ZeroMQ's I/O thread a moment to put the reply on the wire before the process ends.
        Thread.Sleep(200);
        Environment.Exit(0);
    }
}
