using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>web_fetch against a web server on loopback; blocked addresses are refused before any connection.</summary>
public sealed class WebFetchToolTests : IAsyncLifetime
{
    private WebApplication _site = null!;
    private int _requests;

    private string BaseUrl => _site.Urls.First();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _site = builder.Build();
        _site.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            await next(context);
        });
        _site.MapGet("/article", () => Results.Content("""
            <html><head><title>Claws &amp; Tools</title><style>body{color:red}</style></head>
            <body><nav>Home | About</nav>
            <main><h1>Lobsters</h1><p>They have <b>ten</b> legs.</p><script>alert('x')</script>
            <ul><li>claws</li><li>tail</li></ul><a href="https://example.org/more">More</a></main>
            <footer>(c) 2026</footer></body></html>
            """, "text/html; charset=utf-8"));
        _site.MapGet("/big", () => Results.Text(new string('a', 100_000)));
        _site.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        _site.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Text("late");
        });
        await _site.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://10.1.2.3/", "private")]
    [InlineData("http://192.168.1.1/admin", "private")]
    [InlineData("http://[::1]:9/", "loopback")]
    [InlineData("http://localhost:9/", "local or metadata host name")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "local or metadata host name")]
    public async Task Private_and_metadata_addresses_are_refused(string url, string reason)
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("web_fetch", new { url });

        Assert.True(result.IsError);
        Assert.Contains(reason, result.Text, StringComparison.Ordinal);
        Assert.Contains("allowedHostnames", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_is_refused_by_default_and_nothing_is_requested()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/article" });

        Assert.True(result.IsError);
        Assert.Contains("loopback", result.Text, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task An_allowed_host_returns_readable_text()
    {
        await using var harness = AllowingLoopback();
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/article" });

        Assert.False(result.IsError, result.Text);
        using var json = JsonDocument.Parse(result.Text);
        var text = json.RootElement.GetProperty("text").GetString()!;
        Assert.Equal("Claws & Tools", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("# Lobsters\n\nThey have ten legs.\n\n- claws\n- tail\n\n[More](https://example.org/more)", text);
        Assert.DoesNotContain("alert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Home | About", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_mode_drops_markup()
    {
        await using var harness = AllowingLoopback();
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/article", extractMode = "text" });

        using var json = JsonDocument.Parse(result.Text);
        Assert.Equal("Lobsters\n\nThey have ten legs.\n\n• claws\n• tail\n\nMore", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Redirect_to_a_metadata_address_is_refused()
    {
        await using var harness = AllowingLoopback();
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/to-metadata" });

        Assert.True(result.IsError);
        Assert.Contains("cloud metadata", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_size_and_characters_are_bounded()
    {
        await using var harness = AllowingLoopback(new() { ["tools:web:fetch:maxResponseBytes"] = "20000" });
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/big", maxChars = 500 });

        using var json = JsonDocument.Parse(result.Text);
        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Equal(500, json.RootElement.GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task A_slow_server_times_out_with_a_clear_error()
    {
        await using var harness = AllowingLoopback(new() { ["tools:web:fetch:timeoutSeconds"] = "1" });
        var result = await harness.InvokeAsync("web_fetch", new { url = $"{BaseUrl}/slow" });

        Assert.True(result.IsError);
        Assert.Contains("did not answer within 1 seconds", result.Text, StringComparison.Ordinal);
    }

    private static ToolHarness AllowingLoopback(Dictionary<string, string?>? extra = null)
    {
        var config = new Dictionary<string, string?> { ["tools:web:fetch:ssrfPolicy:allowedHostnames:0"] = "127.0.0.1" };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value;
        }

        return new ToolHarness(config);
    }
}
