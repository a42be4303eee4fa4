using System.Text;

namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// The merged output of one process: bounded (the oldest text is dropped past <see cref="MaxChars"/>), with a
/// read cursor for <c>process poll</c>. Thread-safe: the output pumps append while tools read.
/// </summary>
public sealed class ProcessOutput(int maxChars = 1_000_000)
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private long _dropped;
    private long _pollCursor;

    public int MaxChars { get; } = maxChars;

    /// <summary>Characters written in total, including dropped ones.</summary>
    public long TotalChars
    {
        get
        {
            lock (_gate)
            {
                return _dropped + _text.Length;
            }
        }
    }

    public void Append(string chunk)
    {
        if (chunk.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _text.Append(chunk);
            var excess = _text.Length - MaxChars;
            if (excess > 0)
            {
                _text.Remove(0, excess);
                _dropped += excess;
            }
        }
    }

    /// <summary>All retained output, prefixed with a note when older output was dropped.</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            return _dropped > 0 ? $"[{_dropped} earlier characters dropped]\n{_text}" : _text.ToString();
        }
    }

    /// <summary>Output written since the previous call (for <c>process poll</c>).</summary>
    public string ReadNew()
    {
        lock (_gate)
        {
            var start = Math.Max(_pollCursor, _dropped);
            var text = _text.ToString((int)(start - _dropped), (int)(_dropped + _text.Length - start));
            _pollCursor = _dropped + _text.Length;
            return text;
        }
    }

    public string Tail(int chars)
    {
        lock (_gate)
        {
            var length = Math.Min(chars, _text.Length);
            return _text.ToString(_text.Length - length, length);
        }
    }
}
