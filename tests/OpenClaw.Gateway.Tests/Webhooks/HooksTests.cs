using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Tests.Cron;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Webhooks;

/// <summary><c>/hooks/*</c> on a real gateway: the right token runs the agent and delivers; anything wrong is a clear 4xx and runs nothing.</summary>
public sealed class HooksTests
{
    private const string HookToken = "hook-secret-123";

    private const string Hooks = """
        hooks: {
          enabled: true, token: "hook-secret-123", maxBodyBytes: 2048,
          mappings: [ { match: { path: "github" }, action: "agent", name: "GitHub",
                        sessionKey: "hook:github:{{issue.number}}",
                        messageTemplate: "Issue {{issue.number}} opened by {{sender.login}}: {{issue.title}}",
                        deliver: false } ],
        },
        """;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpClient Client(CronTestGateway gateway, string? bearer = HookToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    [Fact]
    public async Task An_agent_hook_with_the_right_token_runs_a_turn_and_queues_the_reply_for_the_channel()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await CronTestGateway.StartAsync(Hooks, redis: redis.ConnectionString);
        using var http = Client(gateway);

        var response = await http.PostAsync("/hooks/agent",
            Body("""{"message":"summarize hook-msg-7","name":"Email","deliver":true,"channel":"telegram","to":"4242"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.True((bool?)body["ok"]);
        Assert.False(string.IsNullOrEmpty((string?)body["runId"]));

        await using var connection = await redis.ConnectAsync();
        var entries = await Poll.UntilAsync(async () =>
            await connection.GetDatabase().StreamRangeAsync(new StreamNames().Outbound("telegram")) is { Length: > 0 } found ? found : null,
            "the hook's reply on the telegram outbound stream");
        var message = EnvelopeSerializer.Deserialize<OutboundMessage>(Assert.Single(entries)[ChannelMessageTypes.EnvelopeField].ToString()).Payload;
        Assert.Equal("4242", message.Target.ChatId);
        Assert.Contains("hook-msg-7", message.Text, StringComparison.Ordinal);

        // The model saw the webhook text marked as untrusted external content, in a hook: session.
        var request = Assert.Single(gateway.Model.Requests, r => r.ToJsonString().Contains("hook-msg-7", StringComparison.Ordinal)).ToJsonString();
        Assert.Contains("EXTERNAL_UNTRUSTED_CONTENT", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wake_accepts_the_x_openclaw_token_header_and_runs_the_main_session()
    {
        await using var gateway = await CronTestGateway.StartAsync(Hooks);
        using var http = Client(gateway, bearer: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/wake") { Content = Body("""{"text":"new-mail-arrived","mode":"now"}""") };
        request.Headers.Add("x-openclaw-token", HookToken);

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("now", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["mode"]);
        await Poll.UntilAsync(() => gateway.ModelRequestsContaining("new-mail-arrived") == 1, "the wake text to reach the model");
        Assert.True(File.Exists(Path.Combine(gateway.Home.SessionsDir(), "sessions.json")));
        Assert.Contains("agent:main:main", await File.ReadAllTextAsync(Path.Combine(gateway.Home.SessionsDir(), "sessions.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapped_hook_renders_its_templates_from_the_json_body()
    {
        await using var gateway = await CronTestGateway.StartAsync(Hooks);
        using var http = Client(gateway);

        var response = await http.PostAsync("/hooks/github",
            Body("""{"action":"opened","issue":{"number":42,"title":"Crash on start"},"sender":{"login":"octo"}}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Poll.UntilAsync(() => gateway.ModelRequestsContaining("Issue 42 opened by octo: Crash on start") == 1, "the rendered message to reach the model");
        var sessions = await File.ReadAllTextAsync(Path.Combine(gateway.Home.SessionsDir(), "sessions.json"), TestContext.Current.CancellationToken);
        Assert.Contains("agent:main:hook:github:42", sessions, StringComparison.Ordinal);

        var unknown = await http.PostAsync("/hooks/gitlab", Body("{}"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("hooks.mappings", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_401_then_429_from_the_shared_limiter_and_runs_nothing()
    {
        await using var gateway = await CronTestGateway.StartAsync(Hooks, authExtra: "rateLimit: { maxAttempts: 3, exemptLoopback: false },");
        using var wrong = Client(gateway, bearer: "not-the-token");

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var denied = await wrong.PostAsync("/hooks/agent", Body("""{"message":"evil-run"}"""), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Contains("x-openclaw-token", await denied.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        var locked = await wrong.PostAsync("/hooks/agent", Body("""{"message":"evil-run"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Locked out even with the right token until the lockout passes.
        using var right = Client(gateway);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await right.PostAsync("/hooks/wake", Body("""{"text":"x"}"""), TestContext.Current.CancellationToken)).StatusCode);
        gateway.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, (await right.PostAsync("/hooks/wake", Body("""{"text":"after-lockout"}"""), TestContext.Current.CancellationToken)).StatusCode);

        using var none = Client(gateway, bearer: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsync("/hooks/agent", Body("""{"message":"evil-run"}"""), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, gateway.ModelRequestsContaining("evil-run"));
    }

    [Theory]
    [InlineData("oversized", HttpStatusCode.RequestEntityTooLarge, "hooks.maxBodyBytes")]
    [InlineData("{\"message\": \"broken-json\"", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("[\"not-an-object\"]", HttpStatusCode.BadRequest, "JSON object")]
    [InlineData("{\"name\":\"no message\"}", HttpStatusCode.BadRequest, "message is required")]
    [InlineData("{\"message\":\"keyed\",\"sessionKey\":\"hook:mine\"}", HttpStatusCode.BadRequest, "allowRequestSessionKey")]
    public async Task Bad_requests_get_a_clear_4xx_and_run_nothing(string body, HttpStatusCode status, string explains)
    {
        await using var gateway = await CronTestGateway.StartAsync(Hooks);
        using var http = Client(gateway);
        var content = body == "oversized" ? """{"message":"big-one ___"}""".Replace("___", new string('x', 4096), StringComparison.Ordinal) : body;

        var response = await http.PostAsync("/hooks/agent", Body(content), TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.False((bool?)error["ok"]);
        Assert.Contains(explains, (string?)error["error"], StringComparison.Ordinal);
        Assert.Empty(gateway.Model.Requests);
    }

    [Fact]
    public async Task Tokens_in_the_query_string_are_refused_and_hooks_are_off_unless_enabled()
    {
        await using (var gateway = await CronTestGateway.StartAsync(Hooks))
        {
            using var http = Client(gateway, bearer: null);
            var response = await http.PostAsync($"/hooks/wake?token={HookToken}", Body("""{"text":"q"}"""), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Empty(gateway.Model.Requests);
        }

        await using var off = await CronTestGateway.StartAsync();
        using var client = Client(off);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/hooks/wake", Body("""{"text":"q"}"""), TestContext.Current.CancellationToken)).StatusCode);
    }
}
