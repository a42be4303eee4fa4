using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace OpenClaw.AppHost.Tests;

[Collection("AppHost")]
public sealed class AppHostTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly AppHostProcess _appHost = fixture.AppHost;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_resource_of_the_model_runs_with_one_worker_per_enabled_channel()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);

        Assert.Equal(
            ["channel-telegram", "control-ui", "dashboard", "gateway", "redis", "sandbox-manager"],
            resources.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["--channel", "telegram"], resources.Single(r => r.Name == "channel-telegram").Args);
        Assert.All(resources, r => Assert.Equal("Running", r.State));
        Assert.All(resources, r => Assert.NotNull(r.Pid));
    }

    [Fact]
    public async Task Console_shows_the_dashboard_login_and_the_control_ui_url_with_the_gateway_token()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);
        var controlUi = resources.Single(r => r.Name == "control-ui");
        var gatewayToken = resources.Single(r => r.Name == "gateway").Env("OPENCLAW_GATEWAY_TOKEN");

        var output = _appHost.Output;
        Assert.Contains(output, line => line.Contains("Distributed application starting.", StringComparison.Ordinal));
        Assert.Contains(output, line => line.Contains($"Control UI: {controlUi.Url()}/#token={gatewayToken}", StringComparison.Ordinal));
        Assert.Contains(output, line => line.Contains("Distributed application started. Press Ctrl+C to shut down.", StringComparison.Ordinal));
        Assert.Contains(output, line => Regex.IsMatch(line, @"gateway: Running http://127\.0\.0\.1:\d+"));

        // The login URL works: it sets the cookie and lands on the Resources page.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = _appHost.DashboardUrl };
        using var login = await browser.GetAsync($"login?t={_appHost.BrowserToken}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), cookie => cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task References_inject_exactly_the_variables_aspire_injects()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);
        var redis = resources.Single(r => r.Name == "redis");
        var gateway = resources.Single(r => r.Name == "gateway");
        var controlUi = resources.Single(r => r.Name == "control-ui");
        var dashboard = resources.Single(r => r.Name == "dashboard");
        var redisPort = new Uri(redis.Url("tcp")).Port;

        Assert.Matches($"^127\\.0\\.0\\.1:{redisPort},password=[0-9a-f]{{32}}$", gateway.Env("ConnectionStrings__redis"));
        Assert.Equal(gateway.Url(), controlUi.Env("services__gateway__http__0"));
        Assert.Equal(gateway.Url(), gateway.Env("ASPNETCORE_URLS"));
        Assert.Equal(new Uri(gateway.Url()).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), gateway.Env("OPENCLAW_GATEWAY_PORT"));
        Assert.Matches("^[0-9a-f]{64}$", gateway.Env("OPENCLAW_GATEWAY_TOKEN"));
        foreach (var service in resources.Where(r => r.Type == "Project" && r.Name != "dashboard"))
        {
            Assert.Equal(dashboard.Url("otlp-grpc"), service.Env("OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal("grpc", service.Env("OTEL_EXPORTER_OTLP_PROTOCOL"));
            Assert.Equal(service.Name, service.Env("OTEL_SERVICE_NAME"));
            Assert.StartsWith("service.instance.id=", service.Env("OTEL_RESOURCE_ATTRIBUTES"), StringComparison.Ordinal);
            Assert.Matches("^x-otlp-api-key=[0-9a-f]{32}$", service.Env("OTEL_EXPORTER_OTLP_HEADERS"));
            Assert.Equal("1000", service.Env("OTEL_BSP_SCHEDULE_DELAY"));
            Assert.True(service.Environment.Single(e => e.Name == "OTEL_EXPORTER_OTLP_HEADERS").IsSecret);
        }

        // The Redis password never shows on a command line.
        Assert.DoesNotContain(redis.Env("ConnectionStrings__redis") ?? "<none>", string.Join(' ', redis.Args));
        Assert.DoesNotContain(gateway.Env("ConnectionStrings__redis")!.Split("password=")[1], ProcessInfo.CommandLine(redis.Pid!.Value));
    }

    [Fact]
    public async Task A_request_to_the_gateway_arrives_in_the_dashboard_as_a_span()
    {
        var gateway = await _appHost.WaitForStateAsync("gateway", r => r.State == "Running", Patience, Ct);
        var path = $"/apphost-test-{Guid.NewGuid():n}";
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(gateway.Url() + path), Ct);

        var span = await AppHostProcess.PollAsync(async () =>
            (await _appHost.Api.GetFromJsonAsync<List<SpanDto>>("api/spans?resource=gateway", AppHostProcess.JsonOptions, Ct))!
                .FirstOrDefault(s => s.Attributes.GetValueOrDefault("url.path") == path), Patience, "the gateway's span", Ct);

        Assert.Equal("gateway", span.Resource);
        Assert.Equal(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), span.Attributes["http.response.status_code"]);
        var trace = await _appHost.Api.GetFromJsonAsync<List<SpanDto>>($"api/traces/{span.TraceId}", AppHostProcess.JsonOptions, Ct);
        Assert.Contains(trace!, s => s.SpanId == span.SpanId);
    }

    [Fact]
    public async Task Calls_that_share_a_traceparent_form_one_trace_across_services()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using var http = new HttpClient();
        foreach (var service in new[] { "gateway", "control-ui", "sandbox-manager" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(resources.Single(r => r.Name == service).Url() + "/traced-by-test"));
            request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}-01");
            using var _ = await http.SendAsync(request, Ct);
        }

        var spans = await AppHostProcess.PollAsync(async () =>
        {
            using var response = await _appHost.Api.GetAsync($"api/traces/{traceId}", Ct);
            var found = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<List<SpanDto>>(AppHostProcess.JsonOptions, Ct) : null;
            return found?.Select(s => s.Resource).Distinct().Count() == 3 ? found : null;
        }, Patience, "spans from three services in one trace", Ct);

        Assert.Equal(["control-ui", "gateway", "sandbox-manager"], spans.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal));
        var list = await _appHost.Api.GetFromJsonAsync<List<TraceSummaryDto>>("api/traces", AppHostProcess.JsonOptions, Ct);
        Assert.Equal(3, list!.Single(t => t.TraceId == traceId).Resources.Count);
    }

    [Fact]
    public async Task Structured_logs_filter_by_resource_level_and_text()
    {
        var logs = await AppHostProcess.PollAsync(async () =>
        {
            var found = await _appHost.Api.GetFromJsonAsync<List<LogDto>>("api/logs?resource=gateway", AppHostProcess.JsonOptions, Ct);
            return found is { Count: > 0 } ? found : null;
        }, Patience, "gateway logs", Ct);
        Assert.All(logs, log => Assert.Equal("gateway", log.Resource));

        var sample = logs[0].Message.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First();
        var byText = await _appHost.Api.GetFromJsonAsync<List<LogDto>>($"api/logs?text={Uri.EscapeDataString(sample)}", AppHostProcess.JsonOptions, Ct);
        Assert.NotEmpty(byText!);
        Assert.All(byText!, log => Assert.True(log.Message.Contains(sample, StringComparison.OrdinalIgnoreCase) || log.Category.Contains(sample, StringComparison.OrdinalIgnoreCase)));

        var errorsOnly = await _appHost.Api.GetFromJsonAsync<List<LogDto>>("api/logs?level=Error", AppHostProcess.JsonOptions, Ct);
        Assert.All(errorsOnly!, log => Assert.True(log.SeverityNumber >= 17));
    }

    [Fact]
    public async Task Metrics_arrive_per_resource_and_instrument()
    {
        var metrics = await AppHostProcess.PollAsync(async () =>
        {
            var found = await _appHost.Api.GetFromJsonAsync<List<MetricDto>>("api/metrics?resource=gateway", AppHostProcess.JsonOptions, Ct);
            return found?.Any(m => m.Name == "http.server.request.duration") == true ? found : null;
        }, Patience, "the gateway's http.server.request.duration", Ct);

        Assert.All(metrics, m => Assert.Equal("gateway", m.Resource));
        Assert.Equal("Histogram", metrics.Single(m => m.Name == "http.server.request.duration").Kind);
    }

    [Fact]
    public async Task A_killed_service_shows_Exited_and_restart_brings_it_back()
    {
        var before = await _appHost.WaitForStateAsync("sandbox-manager", r => r.State == "Running", Patience, Ct);
        using (var process = Process.GetProcessById(before.Pid!.Value))
        {
            process.Kill();
        }

        var exited = await _appHost.WaitForStateAsync("sandbox-manager", r => r.State == "Exited", Patience, Ct);
        Assert.Equal(137, exited.ExitCode);
        Assert.Contains(_appHost.Output, line => line.Contains("sandbox-manager: Exited with code 137", StringComparison.Ordinal));

        using var restart = await _appHost.Api.PostAsync("api/resources/sandbox-manager/restart", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);

        var after = await _appHost.WaitForStateAsync("sandbox-manager", r => r.State == "Running" && r.Pid != before.Pid, Patience, Ct);
        Assert.Equal(before.Restarts + 1, after.Restarts);
        Assert.True(ProcessInfo.IsAlive(after.Pid!.Value));
        Assert.Equal(before.Url(), after.Url());
    }

    [Fact]
    public async Task The_dashboard_needs_the_browser_token()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = _appHost.DashboardUrl };

        using var page = await anonymous.GetAsync("traces", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var api = await anonymous.GetAsync("api/resources", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);

        using var wrong = await anonymous.GetAsync("login?t=not-the-token", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_otlp_http_receiver_checks_the_api_key_and_the_content_type()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);
        var otlpHttp = new Uri(resources.Single(r => r.Name == "dashboard").Url("otlp-http"));
        var apiKey = resources.Single(r => r.Name == "gateway").Env("OTEL_EXPORTER_OTLP_HEADERS")!.Split('=', 2)[1];
        using var http = new HttpClient { BaseAddress = otlpHttp };

        using var noKey = await http.PostAsync("v1/traces", Protobuf([]), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        using var withKey = new HttpRequestMessage(HttpMethod.Post, "v1/traces") { Content = Protobuf([]) };
        withKey.Headers.Add("x-otlp-api-key", apiKey);
        using var accepted = await http.SendAsync(withKey, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/x-protobuf", accepted.Content.Headers.ContentType?.MediaType);

        using var json = new HttpRequestMessage(HttpMethod.Post, "v1/logs") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        json.Headers.Add("x-otlp-api-key", apiKey);
        using var unsupported = await http.SendAsync(json, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task GenAI_spans_sent_over_otlp_http_show_model_and_tokens()
    {
        var resources = await _appHost.WaitForAllRunningAsync(Patience, Ct);
        var traceId = GenAiSpanExporter.Export(resources);

        var spans = await AppHostProcess.PollAsync(async () =>
        {
            using var response = await _appHost.Api.GetAsync($"api/traces/{traceId}", Ct);
            var found = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<List<GenAiSpanDto>>(AppHostProcess.JsonOptions, Ct) : null;
            return found?.Count == 2 ? found : null;
        }, Patience, "the exported GenAI trace", Ct);

        var chat = spans.Single(s => s.IsGenAi);
        Assert.Equal("chat gpt-test", chat.Name);
        Assert.Equal(GenAiSpanExporter.Service, chat.Resource);
        Assert.Equal("gpt-test", chat.GenAiModel);
        Assert.Equal("12", chat.GenAiInputTokens);
        Assert.Equal("34", chat.GenAiOutputTokens);
        Assert.True(chat.Duration >= TimeSpan.FromMilliseconds(15));
        Assert.Equal(spans.Single(s => !s.IsGenAi).SpanId, chat.ParentSpanId);
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}

public sealed record SpanDto(string TraceId, string SpanId, string? ParentSpanId, string Name, string Resource, Dictionary<string, string> Attributes);

public sealed record GenAiSpanDto(string SpanId, string? ParentSpanId, string Name, string Resource, TimeSpan Duration, bool IsGenAi, string? GenAiModel, string? GenAiInputTokens, string? GenAiOutputTokens);

public sealed record TraceSummaryDto(string TraceId, string Name, IReadOnlyList<string> Resources);

public sealed record LogDto(string Resource, string Level, int SeverityNumber, string Message, string Category);

public sealed record MetricDto(string Resource, string Name, string Kind);
