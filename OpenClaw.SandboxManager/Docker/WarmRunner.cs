using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// One warm runner (see <see cref="WarmRunnerScript"/>): a long-lived exec session in a container that runs one
/// command at a time. Timeouts are the manager's: it sends <c>K</c> and the runner kills the command's process group.
/// </summary>
public sealed class WarmRunner(MultiplexedStream stream) : IDisposable
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(15);
    private readonly byte[] _buffer = new byte[81920];
    private int _start;
    private int _end;
    private bool _disposed;

    /// <summary>False once the session failed or was abandoned; the pool then drops the runner.</summary>
    public bool Healthy { get; private set; } = true;

    /// <summary>
    /// Waits for the runner's ready frame: true when ready, false when the image cannot run it (no perl), null when it
    /// was too slow to tell (a busy machine; the caller uses plain exec this time and tries again later).
    /// </summary>
    public async Task<bool?> StartAsync(TimeSpan timeout)
    {
        var ready = ReadFrameAsync();
        if (await Task.WhenAny(ready, Task.Delay(timeout)) != ready)
        {
            Dispose();
            _ = ready.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            return null;
        }

        try
        {
            var (type, _) = await ready;
            return type == 'R';
        }
        catch (Exception ex) when (ex is IOException or WarmRunnerException or ObjectDisposedException)
        {
            Dispose();
            return false;
        }
    }

    public async Task<ExecOutcome> RunAsync(ExecCommand command, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var request = Encode(command);
        try
        {
            await stream.WriteAsync(request, 0, request.Length, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Healthy = false;
            throw new WarmRunnerException("the warm runner's exec session is closed", ex);
        }


        var stdout = new BoundedBuffer(command.MaxOutputBytes);
        var stderr = new BoundedBuffer(command.MaxOutputBytes);
        var killed = 0;
        async Task KillAsync()
        {
            if (Interlocked.Exchange(ref killed, 1) == 0 && !_disposed)
            {
                try
                {
                    await stream.WriteAsync("K"u8.ToArray(), 0, 1, CancellationToken.None);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    Dispose();
                }

                // A runner that does not answer a kill is abandoned; closing its stdin makes it kill and exit.
                _ = Task.Delay(KillGrace, CancellationToken.None).ContinueWith(_ => { if (Volatile.Read(ref killed) == 1) { Dispose(); } }, TaskScheduler.Default);
            }
        }

        using var timer = new Timer(_ => _ = KillAsync(), null, command.Timeout, Timeout.InfiniteTimeSpan);
        await using var cancel = cancellationToken.Register(() => _ = KillAsync());
        try
        {
            while (true)
            {
                var (type, payload) = await ReadFrameAsync();
                switch (type)
                {
                    case 'O':
                        stdout.Append(payload);
                        break;
                    case 'E':
                        stderr.Append(payload);
                        break;
                    case 'X':
                        var exitCode = int.Parse(Encoding.ASCII.GetString(payload), CultureInfo.InvariantCulture);
                        var timedOut = Interlocked.Exchange(ref killed, 2) == 1;
                        cancellationToken.ThrowIfCancellationRequested();
                        return new ExecOutcome(exitCode, stdout.Bytes(), stdout.Text(), stderr.Text(), timedOut,
                            stdout.Overflow > 0 || stderr.Overflow > 0, stdout.Overflow, stopwatch.ElapsedMilliseconds);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or WarmRunnerException)
        {
            Healthy = false;
            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref killed) == 1)
            {
                return new ExecOutcome(137, stdout.Bytes(), stdout.Text(), stderr.Text(), true,
                    stdout.Overflow > 0 || stderr.Overflow > 0, stdout.Overflow, stopwatch.ElapsedMilliseconds);
            }

            throw new WarmRunnerException("the sandbox exec session ended while the command ran (the container was stopped or removed, or the command killed its runner)", ex)
            {
                CommandStarted = true,
            };
        }
    }

    public void Dispose()
    {
        Healthy = false;
        if (!_disposed)
        {
            _disposed = true;
            stream.Dispose();
        }
    }

    private static byte[] Encode(ExecCommand command)
    {
        using var buffer = new MemoryStream();
        void Field(string name, ReadOnlySpan<byte> value)
        {
            buffer.Write(Encoding.ASCII.GetBytes($"{name} {value.Length}\n"));
            buffer.Write(value);
        }

        foreach (var arg in command.Argv)
        {
            Field("arg", Encoding.UTF8.GetBytes(arg));
        }

        foreach (var (key, value) in command.Env ?? new Dictionary<string, string>())
        {
            Field("env", Encoding.UTF8.GetBytes($"{key}={value}"));
        }

        if (command.Workdir is { } workdir)
        {
            Field("cwd", Encoding.UTF8.GetBytes(workdir));
        }

        if (command.Stdin is { } stdin)
        {
            Field("in", stdin);
        }

        buffer.Write("END\n"u8);
        return buffer.ToArray();
    }

    private async Task<(char Type, byte[] Payload)> ReadFrameAsync()
    {
        var header = await ReadLineAsync();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (header.Length < 3 || space != 1 || !int.TryParse(header.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new WarmRunnerException($"unexpected output from the warm runner: \"{header}\"");
        }

        var payload = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var take = Math.Min(length - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(payload.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return (header[0], payload);
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                return line.ToString();
            }

            if (line.Length > 64)
            {
                throw new WarmRunnerException($"unexpected output from the warm runner: \"{line}\"");
            }
        }
    }

    private async Task FillAsync()
    {
        while (true)
        {
            var read = await stream.ReadOutputAsync(_buffer, 0, _buffer.Length, CancellationToken.None);
            if (read.EOF)
            {
                throw new IOException("the warm runner's exec session ended");
            }

            // The runner's own stderr carries only perl diagnostics; the protocol is on stdout.
            if (read.Target == MultiplexedStream.TargetStream.StandardOut && read.Count > 0)
            {
                _start = 0;
                _end = read.Count;
                return;
            }
        }
    }
}

public sealed class WarmRunnerException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the command may have run: running it again elsewhere could run it twice.</summary>
    public bool CommandStarted { get; init; }
}
