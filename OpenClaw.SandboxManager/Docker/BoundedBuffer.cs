using System.Text;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>Keeps the first bytes up to a cap and counts the rest.</summary>
internal sealed class BoundedBuffer(int cap)
{
    private readonly MemoryStream _kept = new();

    public long Overflow { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        var room = (int)Math.Max(0, cap - _kept.Length);
        _kept.Write(chunk[..Math.Min(room, chunk.Length)]);
        Overflow += Math.Max(0, chunk.Length - room);
    }

    public byte[] Bytes() => _kept.ToArray();

    public string Text()
    {
        var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        return Overflow > 0 ? $"{text}\n[output truncated: {Overflow} more bytes]" : text;
    }
}
