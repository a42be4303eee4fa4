using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Fakes.Telegram;

/// <summary>
/// A Telegram Bot API server on loopback that answers as the real one does (https://core.telegram.org/bots/api):
/// <c>/bot&lt;token&gt;/&lt;method&gt;</c> with JSON, form or multipart parameters, <c>{"ok":…}</c> answers,
/// getUpdates long polling with offset confirmation, webhooks with <c>secret_token</c>, file downloads under
/// <c>/file/bot&lt;token&gt;/</c>, HTML entity checks, message length limits, 401/403/409 errors and
/// 429 <c>retry_after</c> on demand. Tests drive it as users would: <see cref="UserSends"/> and friends.
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeTelegramBot> _bots = new(StringComparer.Ordinal);

    private FakeTelegramServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeTelegramServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = MaxUploadBytes + (1 << 20);
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = MaxUploadBytes + (1 << 20));
        var app = builder.Build();
        var server = new FakeTelegramServer(app);
        app.MapPost("/bot{token}/{method}", server.HandleMethodAsync);
        app.MapGet("/bot{token}/{method}", server.HandleMethodAsync);
        app.MapGet("/file/bot{token}/{**path}", server.HandleFile);
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>Registers a bot; its token is <c>&lt;id&gt;:&lt;secret&gt;</c> as real tokens are.</summary>
    public FakeTelegramBot AddBot(long id = 7000001, string username = "openclaw_test_bot")
    {
        var bot = new FakeTelegramBot(id, username, $"{id}:AAH{Guid.NewGuid():N}");
        _bots[bot.Token] = bot;
        return bot;
    }

    private async Task HandleMethodAsync(HttpContext context, string token, string method)
    {
        if (!_bots.TryGetValue(token, out var bot))
        {
            await WriteAsync(context, 401, Error(401, "Unauthorized")).ConfigureAwait(false);
            return;
        }

        // The Bot API refuses uploads over 50 MB before reading them.
        if (context.Request.ContentLength > MaxUploadBytes)
        {
            await WriteAsync(context, 413, Error(413, "Request Entity Too Large")).ConfigureAwait(false);
            return;
        }

        JsonObject parameters;
        var uploads = new Dictionary<string, TelegramUploadedFile>(StringComparer.Ordinal);
        try
        {
            parameters = await ReadParametersAsync(context.Request, uploads).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, Error(400, "Bad Request: can't parse JSON object")).ConfigureAwait(false);
            return;
        }

        var (status, body) = await bot.HandleAsync(method, parameters, context.RequestAborted, uploads).ConfigureAwait(false);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    private IResult HandleFile(string token, string path) =>
        _bots.TryGetValue(token, out var bot) && bot.Files.TryGetValue(path, out var file)
            ? Results.Bytes(file.Content, "application/octet-stream")
            : Results.Json(Error(404, "Not Found"), statusCode: 404);

    internal static JsonObject Error(int code, string description, int? retryAfter = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return error;
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    internal const long MaxUploadBytes = 50L * 1024 * 1024;

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request, Dictionary<string, TelegramUploadedFile> uploads)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = ParseLoose(value.ToString());
        }

        if (request.HasJsonContentType())
        {
            var node = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            if (node is JsonObject body)
            {
                foreach (var (key, value) in body)
                {
                    parameters[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                parameters[key] = ParseLoose(value.ToString());
            }

            foreach (var file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content).ConfigureAwait(false);
                uploads[file.Name] = new TelegramUploadedFile(file.Name, file.FileName, file.ContentType, content.ToArray());
                parameters[file.Name] = $"attach://{file.Name}";
            }
        }

        return parameters;
    }

    // Form values are strings; the Bot API reads JSON-looking ones (numbers, objects) as such.
    private static JsonNode? ParseLoose(string value)
    {
        if (value.Length > 0 && (value[0] is '{' or '[' || char.IsDigit(value[0]) || value[0] == '-'))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
            }
        }

        return value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots.Values)
        {
            bot.Dispose();
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
