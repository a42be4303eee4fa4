using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

/// <summary>A minimal operator client: challenge → connect (token, protocol 4) → hello-ok, then idle.</summary>
internal static class BenchClient
{
    public static async Task<ClientWebSocket> ConnectAsync(int port, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}"), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        await socket.ReceiveAsync(buffer, CancellationToken.None); // connect.challenge
        var connect = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "req",
            id = "c1",
            method = "connect",
            @params = new
            {
                minProtocol = 4,
                maxProtocol = 4,
                client = new { id = "cli", version = "bench", platform = "linux", mode = "cli" },
                role = "operator",
                scopes = new[] { "operator.read" },
                auth = new { token },
            },
        });
        await socket.SendAsync(connect, WebSocketMessageType.Text, true, CancellationToken.None);
        using var hello = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            hello.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        if (!Encoding.UTF8.GetString(hello.ToArray()).Contains("\"hello-ok\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("connect refused: " + Encoding.UTF8.GetString(hello.ToArray()));
        }

        return socket;
    }

    /// <summary>Reads and discards what the gateway sends (ticks), as a real client does.</summary>
    public static async Task DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // closed by the benchmark
        }
    }
}
