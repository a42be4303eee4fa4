using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Fakes.Web;

/// <summary>
/// A plain web server on loopback serving files a test puts on it (the "somewhere on the internet" a media URL
/// points at), with the Content-Type the test chooses; unknown paths answer 404. Records every request path.
/// </summary>
public sealed class FakeWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();

    private FakeWebServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<FakeWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeWebServer(app);
        app.MapGet("/{**path}", (HttpContext context, string path) =>
        {
            server._requests.Enqueue("/" + path);
            return server._files.TryGetValue("/" + path, out var file) ? Results.Bytes(file.Content, file.ContentType) : Results.NotFound();
        });
        await app.StartAsync().ConfigureAwait(false);
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (e.g. <c>/img/chart.png</c>); returns its URL.</summary>
    public string Serve(string path, byte[] content, string contentType)
    {
        _files[path] = (content, contentType);
        return BaseUrl + path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
