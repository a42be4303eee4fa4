using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Accepts the WebSocket upgrade (RFC 6455 §4.2.2) over a stream that closes gracefully: when the
/// runtime aborts a socket after a protocol error (e.g. close 1007 for invalid UTF-8) the close frame
/// is flushed and the peer gets a moment to read it, instead of a TCP reset that swallows it.
/// </summary>
public static class WebSocketUpgrade
{
    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static bool IsUpgrade(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        && http.Request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrEmpty(http.Request.Headers.SecWebSocketKey);

    public static async Task<WebSocket> AcceptAsync(HttpContext http)
    {
        var key = http.Request.Headers.SecWebSocketKey.ToString().Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid)));
        http.Response.Headers.Connection = "Upgrade";
        http.Response.Headers.Upgrade = "websocket";
        http.Response.Headers.SecWebSocketAccept = accept;
        var stream = await http.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        return WebSocket.CreateFromStream(new LingeringStream(stream), new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.Zero,
        });
    }

    /// <summary>Delegates to the upgraded stream; on dispose, flushes and waits (≤ 2 s) for the peer to hang up first.</summary>
    private sealed class LingeringStream(Stream inner) : Stream
    {
        private int _disposed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _ = LingerThenDisposeAsync();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
            return ValueTask.CompletedTask;
        }

        private async Task LingerThenDisposeAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await inner.FlushAsync(timeout.Token);
                var discard = new byte[4096];
                while (await inner.ReadAsync(discard, timeout.Token) > 0)
                {
                    // Whatever the peer still sends is dropped; we only wait for its end of the stream.
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The peer lingers too long or is gone already; close now.
            }
            finally
            {
                await inner.DisposeAsync();
            }
        }
    }
}
