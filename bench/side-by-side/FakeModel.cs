using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Bench.SideBySide;

/// <summary>
/// A minimal OpenAI Chat Completions endpoint on loopback that answers every request with "ok" (SSE stream or
/// JSON, as asked), either at once or after a fixed <see cref="Latency"/>. Both gateways talk to the same one.
/// It keeps no per-request state, so it costs the same for 10 turns or 100,000.
/// </summary>
internal sealed class FakeModel : IAsyncDisposable
{
    private WebApplication? _app;
    private long _requests;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Delay before the reply; zero = instant. Changeable between measurements.</summary>
    public TimeSpan Latency { get; set; }

    public long Requests => Interlocked.Read(ref _requests);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", CompleteAsync);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/v1";
    }

    private async Task CompleteAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var body = await JsonNode.ParseAsync(http.Request.Body);
        var stream = body?["stream"]?.GetValue<bool>() == true;
        var model = body?["model"]?.GetValue<string>() ?? "echo";
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        const string usage = """{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21}""";
        if (!stream)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"id":"{{id}}","object":"chat.completion","created":{{created}},"model":"{{model}}","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{{usage}}}""");
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var head = $$"""{"id":"{{id}}","object":"chat.completion.chunk","created":{{created}},"model":"{{model}}","choices":[""";
        var text = new StringBuilder()
            .Append("data: ").Append(head).Append("""{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":null}]}""").Append("\n\n")
            .Append("data: ").Append(head).Append("""{"index":0,"delta":{},"finish_reason":"stop"}]}""").Append("\n\n")
            .Append("data: ").Append(head).Append("],\"usage\":").Append(usage).Append("}\n\n")
            .Append("data: [DONE]\n\n");
        await http.Response.WriteAsync(text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
