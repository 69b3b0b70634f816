using System.Text;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>A TextWriter standing in for Console.Out or Console.Error while the kernel runs: text
/// is buffered and published as stream messages at every explicit Flush and at most every 50 ms
/// otherwise, so a long training loop shows its progress as it goes without one message per Write.</summary>
public sealed class StreamPublisher : TextWriter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly string _name;
    private readonly Action<string, string> _publish;
    private readonly StringBuilder _buffer = new();
    private readonly object _gate = new();
    private readonly Timer _timer;
    private bool _timerArmed;

    public StreamPublisher(string name, Action<string, string> publish)
    {
        _name = name;
        _publish = publish;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate) { _buffer.Append(value); Arm(); }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate) { _buffer.Append(value); Arm(); }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate) { _buffer.Append(buffer, index, count); Arm(); }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate) { _buffer.Append(value).Append('\n'); Arm(); }
    }

    private void Arm()
    {
        if (_timerArmed) return;
        _timerArmed = true;
        _timer.Change(Interval, Timeout.InfiniteTimeSpan);
    }

    public override void Flush()
    {
        string text;
        lock (_gate)
        {
            _timerArmed = false;
            if (_buffer.Length == 0) return;
            text = _buffer.ToString();
            _buffer.Clear();
            // Publishing under the lock keeps chunks in order when the timer and the cell flush at once.
            try { _publish(_name, text); }
            catch (Exception) { /* a closed socket at shutdown must not fault the writing cell */ }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { Flush(); _timer.Dispose(); }
        base.Dispose(disposing);
    }
}
