using System.Net.Sockets;
using System.Text;
using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>One health check attempt: HTTP GET of the health path, or AUTH + PING for Redis.</summary>
internal sealed class HealthProbe(HttpClient http)
{
    public async Task<bool> IsHealthyAsync(Resource resource, CancellationToken cancellationToken)
    {
        try
        {
            return resource switch
            {
                RedisResource redis => await PingRedisAsync(redis, cancellationToken).ConfigureAwait(false),
                { HealthCheckPath: { } path, HttpEndpoint: { } endpoint } => await GetAsync(new Uri(endpoint.Url + path), cancellationToken).ConfigureAwait(false),
                _ => true,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var response = await http.GetAsync(url, timeout.Token).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> PingRedisAsync(RedisResource redis, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Port, timeout.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        var command = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(redis.Password)}\r\n{redis.Password}\r\n*1\r\n$4\r\nPING\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[256];
        var answer = new StringBuilder();
        while (!answer.ToString().Contains("PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-', StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return answer.ToString().StartsWith("+OK\r\n+PONG", StringComparison.Ordinal);
    }
}
