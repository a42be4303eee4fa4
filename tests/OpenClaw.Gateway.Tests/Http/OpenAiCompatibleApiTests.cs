using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>The official OpenAI SDK pointed at our /v1/chat/completions.</summary>
public class OpenAiCompatibleApiTests
{
    private static ChatClient SdkClient(TestGateway gateway, string model = "openclaw", string token = TestGateway.Token) =>
        new(model, new ApiKeyCredential(token), new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseUrl + "/v1") });

    [Fact]
    public async Task Official_openai_client_gets_a_non_streaming_answer()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());
        fakes.OpenAi.Enqueue(FakeModelReply.Text("Paris is the capital of France.", inputTokens: 30, outputTokens: 8));

        ChatCompletion completion = await SdkClient(gateway).CompleteChatAsync([new UserChatMessage("What is the capital of France?")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Paris is the capital of France.", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal((30, 8), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        Assert.Contains("What is the capital of France?", fakes.OpenAi.Requests.Single().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Official_openai_client_streams_the_answer()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());
        fakes.OpenAi.Enqueue(FakeModelReply.Text("one two three four", chunks: 4));

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in SdkClient(gateway, "openclaw/main").CompleteChatStreamingAsync([new UserChatMessage("count")], cancellationToken: TestContext.Current.CancellationToken))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
        }

        Assert.True(pieces.Count(p => p.Length > 0) >= 2, "expected several streamed pieces");
        Assert.Equal("one two three four", string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Wrong_token_gets_401()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => SdkClient(gateway, token: "wrong").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(401, ex.Status);
        Assert.Empty(fakes.OpenAi.Requests);
    }

    [Fact]
    public async Task Repeated_failed_auth_is_locked_out_with_429_and_retry_after()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(extra: "") .Replace("http: {", "auth: { rateLimit: { exemptLoopback: false } }, http: {", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        var ct = TestContext.Current.CancellationToken;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await http.GetAsync(new Uri("/v1/models", UriKind.Relative), ct)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 9).Append(HttpStatusCode.TooManyRequests), statuses);
        var locked = await gateway.Http.GetAsync(new Uri("/v1/models", UriKind.Relative), ct); // even the right token waits out the lockout
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 250, 300);
    }

    [Fact]
    public async Task Models_lists_the_agent_targets()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(extra: "").Replace("agents: { defaults", "agents: { list: [{ id: 'main' }, { id: 'work' }], defaults", StringComparison.Ordinal));

        var client = new OpenAIClient(new ApiKeyCredential(TestGateway.Token), new OpenAIClientOptions { Endpoint = new Uri(gateway.BaseUrl + "/v1") });
        var models = await client.GetOpenAIModelClient().GetModelsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["openclaw", "openclaw/default", "openclaw/main", "openclaw/work"], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task Session_header_keeps_the_conversation_and_agent_header_picks_the_agent()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config().Replace("agents: { defaults", "agents: { list: [{ id: 'main' }, { id: 'work' }], defaults", StringComparison.Ordinal));
        var ct = TestContext.Current.CancellationToken;

        async Task<string> Ask(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent($$"""{"model":"openclaw","messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-openclaw-session-key", "desk");
            request.Headers.Add("x-openclaw-agent-id", "work");
            var response = await gateway.Http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        }

        Assert.Equal("echo: first", await Ask("first"));
        Assert.Equal("echo: second", await Ask("second"));

        var history = fakes.OpenAi.Requests[1].ToJsonString();
        Assert.Contains("first", history, StringComparison.Ordinal);
        Assert.Contains("echo: first", history, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(gateway.Home.SessionsDir("work"), "sessions.json")));
        Assert.Contains("agent:work:desk", await File.ReadAllTextAsync(Path.Combine(gateway.Home.SessionsDir("work"), "sessions.json"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_endpoint_and_unknown_model_are_clear_errors()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var disabled = await TestGateway.StartAsync(fakes.Config().Replace("chatCompletions: { enabled: true }", "chatCompletions: { enabled: false }", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => SdkClient(disabled).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(404, ex.Status);
        Assert.Contains("gateway.http.endpoints.chatCompletions.enabled", ex.Message, StringComparison.Ordinal);

        await using var enabled = await TestGateway.StartAsync(fakes.Config());
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => SdkClient(enabled, "openclaw/nobody").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Health_probes_need_no_auth()
    {
        await using var gateway = await TestGateway.StartAsync("{ gateway: { mode: 'local' } }");
        using var anonymous = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };

        Assert.Equal("""{"ok":true,"status":"live"}""", await anonymous.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/readyz"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/v1/models", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
