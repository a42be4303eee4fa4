using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Sessions;

/// <summary>The built gateway as a real process: transcripts survive a restart, and a kill mid-write leaves a readable store.</summary>
public class RestartAndCrashTests
{
    private static string Config(FakeOpenAiServer fake) => $$"""
        {
          gateway: { mode: 'local', http: { endpoints: { chatCompletions: { enabled: true } } } },
          agents: { defaults: { model: 'fakeai/gpt-test' } },
          models: { providers: { fakeai: { api: 'openai-completions', baseUrl: '{{fake.BaseUrl}}', apiKey: 'test-key' } } },
        }
        """;

    private static async Task<HttpResponseMessage> AskAsync(HttpClient http, string session, string text, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"openclaw","messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-openclaw-session-key", session);
        return await http.SendAsync(request, ct);
    }

    private static HttpClient Client(GatewayProcess gateway)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.Token);
        return http;
    }

    [Fact]
    public async Task Transcript_written_before_a_restart_is_read_back_after_it()
    {
        await using var fake = await FakeOpenAiServer.StartNewAsync();
        using var home = new TempHome();
        home.WriteConfig(Config(fake));
        var ct = TestContext.Current.CancellationToken;

        await using (var first = GatewayProcess.Start(home, Testing.FreePort.Next()))
        {
            await first.WaitHealthyAsync();
            using var http = Client(first);
            (await AskAsync(http, "memory", "my name is Ada", ct)).EnsureSuccessStatusCode();
            first.Kill();
        }

        await using var second = GatewayProcess.Start(home, Testing.FreePort.Next());
        await second.WaitHealthyAsync();
        using var http2 = Client(second);
        var response = await AskAsync(http2, "memory", "what is my name?", ct);
        response.EnsureSuccessStatusCode();

        var messages = fake.Requests[^1]["messages"]!.AsArray().Select(m => (string?)m!["content"]?.ToString()).ToList();
        Assert.Contains("my name is Ada", messages);
        Assert.Contains("echo: my name is Ada", messages);
        Assert.Equal("what is my name?", messages[^1]);
        var store = new FileSessionStore("main", home.SessionsDir(), TimeProvider.System);
        var transcript = await store.ReadTranscriptAsync("agent:main:memory", ct);
        Assert.Equal(["user", "assistant", "user", "assistant"], transcript.Select(t => t.Message!.Role));
    }

    [Fact]
    public async Task Gateway_killed_during_writes_leaves_a_readable_store()
    {
        await using var fake = await FakeOpenAiServer.StartNewAsync();
        fake.DefaultReply = _ => FakeModelReply.Text(new string('x', 4000), chunks: 40);
        using var home = new TempHome();
        home.WriteConfig(Config(fake));
        var ct = TestContext.Current.CancellationToken;
        var sessions = Enumerable.Range(0, 8).Select(i => $"crash-{i}").ToList();

        await using (var gateway = GatewayProcess.Start(home, Testing.FreePort.Next()))
        {
            await gateway.WaitHealthyAsync();
            using var http = Client(gateway);
            var completed = 0;
            var load = sessions.Select(session => Task.Run(async () =>
            {
                for (var turn = 0; turn < 50; turn++)
                {
                    try
                    {
                        using var response = await AskAsync(http, session, $"turn {turn}", CancellationToken.None);
                        Interlocked.Increment(ref completed);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the gateway was killed
                    }
                }
            })).ToList();
            await Poll.UntilAsync(() => Volatile.Read(ref completed) >= 24, "some turns to complete", TimeSpan.FromSeconds(60));
            gateway.Kill(); // SIGKILL while the other sessions are mid-turn
            await Task.WhenAll(load);
        }

        var index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(home.SessionsDir(), "sessions.json"), ct))!.AsObject();
        Assert.True(index.Count >= 1);
        var store = new FileSessionStore("main", home.SessionsDir(), TimeProvider.System);
        foreach (var (key, _) in index)
        {
            var transcript = await store.ReadTranscriptAsync(key, ct);
            Assert.NotEmpty(transcript);
            Assert.Equal("user", transcript[0].Message!.Role);
        }

        await using var restarted = GatewayProcess.Start(home, Testing.FreePort.Next());
        await restarted.WaitHealthyAsync();
        using var http2 = Client(restarted);
        foreach (var session in sessions)
        {
            var response = await AskAsync(http2, session, "still there?", ct);
            Assert.True(response.IsSuccessStatusCode, $"{session}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
