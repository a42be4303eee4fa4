using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.ServiceDefaults.Tests;

/// <summary>A minimal OTLP/HTTP receiver on loopback that keeps the raw protobuf bodies it is sent.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, byte[] Body, string? ApiKey)> Requests { get; } = new();

    public string Url => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            // Kestrel recycles header collections after the request: copy what the tests read.
            receiver.Requests.Enqueue((context.Request.Path, body.ToArray(), context.Request.Headers["x-otlp-api-key"].ToString()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    public IEnumerable<byte[]> BodiesFor(string path) => Requests.Where(r => r.Path == path).Select(r => r.Body);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
