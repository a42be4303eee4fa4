using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Gateway.Tools.Web;

/// <summary>
/// <c>web_fetch</c>: GETs a URL and returns its readable text (HTML reduced to text or markdown). Bounded by
/// <c>tools.web.fetch</c>: <c>maxResponseBytes</c>, <c>maxChars</c> (cap <c>maxCharsCap</c>), <c>timeoutSeconds</c>,
/// <c>maxRedirects</c>; private and metadata addresses are refused (see <see cref="NetworkGuard"/>).
/// </summary>
public sealed class WebFetchTool : IAgentTool, IDisposable
{
    private readonly ToolConfigSource _config;
    private readonly HttpClient _http;

    public WebFetchTool(ToolConfigSource config)
    {
        _config = config;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectGuardedAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Name => "web_fetch";

    public string Description => "Fetch a URL (http/https) and return its readable content as markdown or plain text.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "HTTP or HTTPS URL to fetch" },
            "extractMode": { "type": "string", "enum": ["markdown", "text"], "description": "Extraction mode (default markdown)" },
            "maxChars": { "type": "number", "description": "Maximum characters to return" }
          },
          "required": ["url"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var fetch = _config.Tools.Web.Fetch;
        var raw = args.RequireString("url");
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ToolException($"web_fetch: '{raw}' is not an absolute http(s) URL.");
        }

        var extractMode = (args.GetString("extractMode") ?? "markdown").ToLowerInvariant() is "text" ? "text" : "markdown";
        var maxChars = Math.Clamp(args.GetInt("maxChars") ?? fetch.MaxChars, 100, Math.Max(100, fetch.MaxCharsCap));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, fetch.TimeoutSeconds)));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var current = url;
            for (var redirects = 0; ; redirects++)
            {
                CheckHost(current, fetch.SsrfPolicy);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(fetch.UserAgent);
                request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,text/plain,application/json;q=0.9,*/*;q=0.5");
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= fetch.MaxRedirects)
                    {
                        throw new ToolException($"web_fetch: too many redirects (more than {fetch.MaxRedirects}) fetching {url}.");
                    }

                    current = new Uri(current, location);
                    if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                    {
                        throw new ToolException($"web_fetch: redirect to a non-http(s) URL ({current}) refused.");
                    }

                    continue;
                }

                var (body, bytesTruncated) = await ReadBoundedAsync(response, fetch.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                return Render(url, current, response, body, bytesTruncated, extractMode, maxChars, stopwatch.ElapsedMilliseconds);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException($"web_fetch: {url} did not answer within {fetch.TimeoutSeconds} seconds (tools.web.fetch.timeoutSeconds).");
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedAddressException blocked)
        {
            throw new ToolException(blocked.Message);
        }
        catch (HttpRequestException ex)
        {
            throw new ToolException($"web_fetch: fetching {url} failed: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static ToolResult Render(Uri url, Uri finalUrl, HttpResponseMessage response, byte[] body, bool bytesTruncated, string extractMode, int maxChars, long tookMs)
    {
        var contentType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var charset = response.Content.Headers.ContentType?.CharSet;
        Encoding encoding;
        try
        {
            encoding = charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
        }

        string? title = null;
        string text;
        string extractor;
        if (contentType is "text/html" or "application/xhtml+xml")
        {
            (title, text) = HtmlText.Extract(encoding.GetString(body), extractMode == "markdown");
            extractor = "html";
        }
        else if (body.Length == 0 || (int)response.StatusCode >= 400 || contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("json", StringComparison.Ordinal) || contentType.Contains("xml", StringComparison.Ordinal))
        {
            text = encoding.GetString(body);
            extractor = "raw";
        }
        else
        {
            throw new ToolException($"web_fetch: {finalUrl} returned {contentType}, which is not text; only HTML, text, JSON and XML can be read.");
        }

        var truncated = bytesTruncated || text.Length > maxChars;
        if (text.Length > maxChars)
        {
            text = text[..maxChars];
        }

        var status = (int)response.StatusCode;
        var payload = new
        {
            url = url.ToString(),
            finalUrl = finalUrl.ToString(),
            status,
            contentType,
            title,
            extractMode,
            extractor,
            truncated,
            length = text.Length,
            fetchedAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            tookMs,
            text,
        };
        return new ToolResult(JsonSerializer.Serialize(payload, ToolSchema.JsonOptions), IsError: status >= 400)
        {
            Details = ToolSchema.ToElement(new { url = url.ToString(), finalUrl = finalUrl.ToString(), status, truncated }),
        };
    }

    private static async Task<(byte[] Body, bool Truncated)> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var room = maxBytes - (int)buffer.Length;
                if (read > room)
                {
                    buffer.Write(chunk, 0, Math.Max(0, room));
                    return (buffer.ToArray(), true);
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), false);
        }
    }

    private static void CheckHost(Uri url, SsrfPolicyOptions policy)
    {
        if (policy.DangerouslyAllowPrivateNetwork || IsAllowedHostname(url.IdnHost, policy))
        {
            return;
        }

        if (NetworkGuard.IsBlockedHostname(url.IdnHost))
        {
            throw new ToolException(Blocked(url.IdnHost, "a local or metadata host name"));
        }

        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && NetworkGuard.BlockReason(literal) is { } reason)
        {
            throw new ToolException(Blocked(url.IdnHost, $"a {reason} address"));
        }
    }

    /// <summary>Connects only to vetted addresses: the check runs on the IPs the name resolves to, right before connecting.</summary>
    private async ValueTask<Stream> ConnectGuardedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var policy = _config.Tools.Web.Fetch.SsrfPolicy;
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var unrestricted = policy.DangerouslyAllowPrivateNetwork || IsAllowedHostname(host, policy);
        foreach (var address in addresses)
        {
            if (!unrestricted && NetworkGuard.BlockReason(address) is { } reason)
            {
                throw new BlockedAddressException(Blocked(host, $"a {reason} address ({address})"));
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsAllowedHostname(string host, SsrfPolicyOptions policy) =>
        policy.AllowedHostnames.Any(h => string.Equals(h.Trim(), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    private static string Blocked(string host, string what) =>
        $"web_fetch: blocked {host}: it is {what}. Fetching loopback, private, link-local and metadata addresses is refused; " +
        "allow a host with tools.web.fetch.ssrfPolicy.allowedHostnames (or dangerouslyAllowPrivateNetwork).";

    private sealed class BlockedAddressException(string message) : IOException(message);
}
