using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Fakes.Models;

/// <summary>
/// Base of the fake model APIs: a real Kestrel server on 127.0.0.1 with a free port, a FIFO script of replies
/// (<see cref="Enqueue"/>), and a record of every request body. Without a scripted reply it echoes the last user text.
/// </summary>
public abstract class FakeModelServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeModelReply> _script = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private WebApplication? _app;

    /// <summary>The API key clients must send; null accepts any key.</summary>
    public string? ExpectedApiKey { get; init; } = "test-key";

    /// <summary>The root URL (e.g. <c>http://127.0.0.1:5123</c>).</summary>
    public string Url { get; private set; } = "";

    /// <summary>What the provider config's <c>baseUrl</c> should be.</summary>
    public abstract string BaseUrl { get; }

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>Reply used when the script is empty; default: "echo: &lt;last user text&gt;".</summary>
    public Func<JsonObject, FakeModelReply>? DefaultReply { get; set; }

    /// <summary>Awaited before each answer (e.g. to hold a reply until the test saw what happens meanwhile).</summary>
    public Func<JsonObject, Task>? BeforeReply { get; set; }

    /// <summary>Requests currently being answered (a hung stream counts until the client disconnects).</summary>
    public int InFlight => _inFlight;

    private int _inFlight;

    public void Enqueue(params FakeModelReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync().ConfigureAwait(false);
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void Map(WebApplication app);

    protected async Task<(JsonObject Body, FakeModelReply Reply)> ReceiveAsync(HttpContext http)
    {
        var body = (JsonObject?)await JsonNode.ParseAsync(http.Request.Body).ConfigureAwait(false) ?? [];
        _requests.Enqueue(body);
        if (BeforeReply is { } wait)
        {
            await wait(body).ConfigureAwait(false);
        }

        var reply = _script.TryDequeue(out var scripted) ? scripted : (DefaultReply ?? Echo)(body);
        return (body, reply);
    }

    protected IDisposable Track()
    {
        Interlocked.Increment(ref _inFlight);
        return new Releaser(() => Interlocked.Decrement(ref _inFlight));
    }

    /// <summary>The text of the last user message of a request body in this provider's format.</summary>
    public abstract string LastUserText(JsonObject body);

    protected static IEnumerable<string> Split(string text, int chunks)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)Math.Max(1, chunks)));
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    protected static async Task WriteSseAsync(HttpResponse response, string? eventName, string json)
    {
        var frame = eventName is null ? $"data: {json}\n\n" : $"event: {eventName}\ndata: {json}\n\n";
        await response.WriteAsync(frame).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }

    private FakeModelReply Echo(JsonObject body) => FakeModelReply.Text("echo: " + LastUserText(body), chunks: 2);

    private sealed class Releaser(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
