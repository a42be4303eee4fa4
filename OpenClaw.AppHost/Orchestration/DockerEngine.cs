using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>
/// A small client for the Docker Engine API over its unix socket (<c>/var/run/docker.sock</c>, or
/// <c>DOCKER_HOST=unix://...</c>): ping, and run/stop one container for Redis.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly HttpClient _http;

    public DockerEngine(string? socketPath = null)
    {
        SocketPath = socketPath ?? DefaultSocketPath();
        var handler = new SocketsHttpHandler { ConnectCallback = ConnectUnix };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string SocketPath { get; }

    public const string NoEngineFix =
        "disabled: no Docker engine. Start Docker (`sudo systemctl start docker`, or `dockerd &`) and check that `docker info` answers, then restart the AppHost.";

    public static string DefaultSocketPath()
    {
        var host = System.Environment.GetEnvironmentVariable("DOCKER_HOST");
        return host is not null && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : "/var/run/docker.sock";
    }

    /// <summary>GET /_ping: true when the engine answers "OK" within a few seconds.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var answer = await _http.GetStringAsync(new Uri("_ping", UriKind.Relative), timeout.Token).ConfigureAwait(false);
            return answer.Trim() == "OK";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or SocketException or IOException)
        {
            return false;
        }
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"images/{Uri.EscapeDataString(image)}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Follows the container's stdout/stderr (the engine's multiplexed stream) into <paramref name="logs"/>.</summary>
    public async Task FollowLogsAsync(string id, ConsoleLogBuffer logs, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectUnix }) { BaseAddress = _http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.GetAsync(new Uri($"containers/{id}/logs?follow=1&stdout=1&stderr=1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var header = new byte[8];
        while (true)
        {
            // Each frame: [stream type, 0, 0, 0, size (big-endian uint32)] then the payload.
            await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            var payload = new byte[size];
            await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
            foreach (var line in System.Text.Encoding.UTF8.GetString(payload).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                logs.Add(line.TrimEnd('\r'), isError: header[0] == 2);
            }
        }
    }

    /// <summary>Creates and starts a host-network container (the engine here runs with --bridge=none).</summary>
    public async Task<string> RunAsync(string name, string image, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var body = new
        {
            Image = image,
            Cmd = command,
            Env = environment.Select(pair => $"{pair.Key}={pair.Value}").ToArray(),
            Labels = new Dictionary<string, string> { ["openclaw.apphost"] = "true" },
            HostConfig = new { NetworkMode = "host", AutoRemove = false },
        };
        using var create = await _http.PostAsJsonAsync(new Uri($"containers/create?name={Uri.EscapeDataString(name)}", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        if (!create.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"docker create {image}: {Message(created)}");
        }

        var id = created.GetProperty("Id").GetString()!;
        using var start = await _http.PostAsync(new Uri($"containers/{id}/start", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        if (!start.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"docker start {name}: {await start.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        return id;
    }

    /// <summary>Blocks until the container ends and returns its exit code (POST /containers/{id}/wait).</summary>
    public async Task<int> WaitAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"containers/{id}/wait", UriKind.Relative));
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectUnix }) { BaseAddress = _http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return result.TryGetProperty("StatusCode", out var code) ? code.GetInt32() : -1;
    }

    public async Task StopAndRemoveAsync(string id, TimeSpan grace)
    {
        var seconds = (int)Math.Max(1, grace.TotalSeconds);
        using var stop = await _http.PostAsync(new Uri($"containers/{id}/stop?t={seconds}", UriKind.Relative), null).ConfigureAwait(false);
        using var remove = await _http.DeleteAsync(new Uri($"containers/{id}?force=true", UriKind.Relative)).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectUnix(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Message(JsonElement body) =>
        body.ValueKind is JsonValueKind.Object && body.TryGetProperty("message", out var message) ? message.GetString() ?? "" : body.ToString();
}
