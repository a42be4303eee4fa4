using System.Net.Http.Json;
using Microsoft.Playwright;

namespace OpenClaw.AppHost.Tests;

/// <summary>
/// Drives the dashboard in a real Chromium (Playwright, /usr/bin/chromium) and saves screenshots of
/// its pages under the test output folder (screenshots/*.png) for people to look at.
/// </summary>
[Collection("AppHost")]
public sealed class DashboardScreenshotTests(AppHostFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private readonly AppHostProcess _appHost = fixture.AppHost;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resources_traces_and_metrics_pages_render_after_login()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip("Chromium is not installed (eng/prereqs.sh installs it).");
        }

        var resources = await _appHost.WaitForAllRunningAsync(TimeSpan.FromSeconds(60), Ct);
        var traceId = await MakeCrossServiceTraceAsync(resources);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 900 } });
        Directory.CreateDirectory(ScreenshotDirectory);

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, $"login?t={_appHost.BrowserToken}").ToString());
        await WaitForInteractiveAsync(page);
        await page.WaitForSelectorAsync("table.resources td:has-text('gateway')");
        Assert.Equal(resources.Count, await page.Locator("table.resources > tbody > tr").CountAsync());
        await page.Locator("tr:has-text('gateway') >> text=Details").ClickAsync();
        await page.WaitForSelectorAsync("text=OTEL_EXPORTER_OTLP_ENDPOINT");
        // Secrets stay masked until revealed.
        Assert.True(await page.Locator("table.env tr:has-text('OPENCLAW_GATEWAY_TOKEN') .masked").IsVisibleAsync());
        var gatewayToken = resources.Single(r => r.Name == "gateway").Env("OPENCLAW_GATEWAY_TOKEN")!;
        Assert.DoesNotContain(gatewayToken, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshot(page, "resources.png");

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, $"traces/{traceId}").ToString());
        await page.WaitForSelectorAsync(".waterfall-row");
        Assert.Equal(3, await page.Locator(".waterfall-row").CountAsync());
        await Screenshot(page, "trace-waterfall.png");

        var genAiTrace = GenAiSpanExporter.Export(resources);
        await page.GotoAsync(new Uri(_appHost.DashboardUrl, $"traces/{genAiTrace}").ToString());
        await page.WaitForSelectorAsync(".genai");
        Assert.Contains("gpt-test · 12→34 tokens", await page.Locator(".genai").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator(".waterfall-row:has(.genai)").ClickAsync();
        await page.WaitForSelectorAsync(".genai-card");
        await Screenshot(page, "trace-genai.png");

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, "traces").ToString());
        await page.WaitForSelectorAsync("table.traces tbody tr");
        await Screenshot(page, "traces.png");

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, "metrics?resource=gateway&instrument=http.server.request.duration").ToString());
        await page.WaitForSelectorAsync("svg.chart polyline");
        await Screenshot(page, "metrics.png");

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, "structuredlogs?resource=gateway").ToString());
        await page.WaitForSelectorAsync("table.logs tbody tr");
        await Screenshot(page, "structured-logs.png");

        await page.GotoAsync(new Uri(_appHost.DashboardUrl, "console/gateway").ToString());
        await page.WaitForSelectorAsync(".console-line");
        await Screenshot(page, "console-logs.png");

        // Light theme, for the look of both.
        await page.GotoAsync(_appHost.DashboardUrl.ToString());
        await WaitForInteractiveAsync(page);
        await page.ClickAsync("button[title='Switch dark / light theme']");
        Assert.Equal("light", await page.EvaluateAsync<string>("document.documentElement.dataset.theme"));
        await Screenshot(page, "resources-light.png");
    }

    /// <summary>Three services handle requests that carry one traceparent: one trace, three resources.</summary>
    private async Task<string> MakeCrossServiceTraceAsync(IReadOnlyList<ResourceDto> resources)
    {
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using var http = new HttpClient();
        foreach (var service in new[] { "channel-telegram", "gateway", "sandbox-manager" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(resources.Single(r => r.Name == service).Url() + $"/screenshot/{service}"));
            request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}-01");
            using var _ = await http.SendAsync(request, Ct);
            await Task.Delay(30, Ct);
        }

        await AppHostProcess.PollAsync(async () =>
        {
            using var response = await _appHost.Api.GetAsync($"api/traces/{traceId}", Ct);
            var spans = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<List<SpanDto>>(AppHostProcess.JsonOptions, Ct) : null;
            return spans?.Count == 3 ? spans : null;
        }, TimeSpan.FromSeconds(60), "the cross-service trace", Ct);
        await AppHostProcess.PollAsync(async () =>
        {
            var metrics = await _appHost.Api.GetFromJsonAsync<List<MetricDto>>("api/metrics?resource=gateway", AppHostProcess.JsonOptions, Ct);
            return metrics?.Any(m => m.Name == "http.server.request.duration") == true ? metrics : null;
        }, TimeSpan.FromSeconds(60), "gateway metrics", Ct);
        return traceId;
    }

    /// <summary>Buttons work once the Blazor circuit is connected, not during prerendering.</summary>
    private static Task WaitForInteractiveAsync(IPage page) => page.WaitForSelectorAsync(".shell[data-interactive='true']");

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{name} looks empty");
    }
}
