using System.Globalization;
using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Telegram;
using OpenClaw.IntegrationTests.Channels;
using OpenClaw.Testing;

namespace OpenClaw.IntegrationTests.Cron;

/// <summary>
/// Real processes for cron and webhooks: redis-server, one or more gateway processes sharing one state directory, the
/// Telegram worker, the fake Telegram Bot API and a fake OpenAI model answering "done: &lt;user text&gt;".
/// </summary>
internal sealed class CronStack : IAsyncDisposable
{
    public const string HookToken = "it-hook-token";

    private readonly string _home;
    private readonly List<(ServiceProcess Process, int Port)> _gateways = [];

    private CronStack(string home, RedisServer redis, FakeTelegramServer telegram, FakeTelegramBot bot, FakeOpenAiServer model)
    {
        _home = home;
        Redis = redis;
        Telegram = telegram;
        Bot = bot;
        Model = model;
    }

    public RedisServer Redis { get; }

    public FakeTelegramServer Telegram { get; }

    public FakeTelegramBot Bot { get; }

    public FakeOpenAiServer Model { get; }

    public ServiceProcess? Worker { get; private set; }

    public string StateDir => Path.Combine(_home, ".openclaw");

    public IReadOnlyList<int> GatewayPorts => [.. _gateways.Select(g => g.Port)];

    /// <summary>Writes config (and <paramref name="jobsJson"/> as cron/jobs.json), starts <paramref name="gateways"/> gateways and the worker.</summary>
    public static async Task<CronStack> StartAsync(int gateways = 1, string? jobsJson = null)
    {
        var home = Directory.CreateTempSubdirectory("openclaw-cron-it-").FullName;
        var redis = await RedisServer.StartAsync(appendOnly: true);
        var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        var model = await FakeOpenAiServer.StartNewAsync();
        model.DefaultReply = body => FakeModelReply.Text("done: " + model.LastUserText(body), chunks: 1);
        var stack = new CronStack(home, redis, telegram, bot, model);
        stack.WriteConfig(jobsJson);
        for (var i = 0; i < gateways; i++)
        {
            stack.StartGateway();
        }

        stack.StartWorker();
        foreach (var port in stack.GatewayPorts)
        {
            await stack.WaitHealthyAsync(port);
        }

        return stack;
    }

    private void WriteConfig(string? jobsJson)
    {
        Directory.CreateDirectory(Path.Combine(StateDir, "cron"));
        File.WriteAllText(Path.Combine(StateDir, "openclaw.json"), $$"""
            {
              "gateway": { "mode": "local" },
              "agents": { "defaults": { "model": "fakeai/gpt-test", "skipBootstrap": true } },
              "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{Model.BaseUrl}}", "apiKey": "test-key" } } },
              "channels": { "telegram": { "botToken": "{{Bot.Token}}", "apiRoot": "{{Telegram.BaseUrl}}", "dmPolicy": "open", "allowFrom": ["*"] } },
              "hooks": { "enabled": true, "token": "{{HookToken}}" }
            }
            """);
        if (jobsJson is not null)
        {
            File.WriteAllText(Path.Combine(StateDir, "cron", "jobs.json"), jobsJson);
        }
    }

    private void StartGateway()
    {
        var port = FreePort.Next();
        _gateways.Add((ServiceProcess.Start("OpenClaw.Gateway", ["--port", port.ToString(CultureInfo.InvariantCulture)], Env(new()
        {
            ["OPENCLAW_GATEWAY_TOKEN"] = "it-token",
            ["GatewayChannels__SendTyping"] = "false",
        })), port));
    }

    private void StartWorker() =>
        Worker = ServiceProcess.Start("OpenClaw.ChannelWorkers", ["--channel", "telegram"], Env(new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["channels__telegram__pollTimeoutSeconds"] = "1",
        }));

    private Dictionary<string, string> Env(Dictionary<string, string> extra)
    {
        var env = new Dictionary<string, string>
        {
            ["HOME"] = _home,
            ["OPENCLAW_HOME"] = _home,
            ["ConnectionStrings__redis"] = $"{Redis.ConnectionString},abortConnect=false,connectTimeout=2000",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    private async Task WaitHealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"gateway on port {port} did not answer /healthz\n{Logs()}");
    }

    public async Task<IReadOnlyList<TelegramSentMessage>> WaitForSentAsync(Func<IReadOnlyList<TelegramSentMessage>, bool> until, TimeSpan timeout)
    {
        try
        {
            return await Bot.WaitForSentAsync(until, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{Logs()}", ex);
        }
    }

    public string Logs() =>
        string.Concat(_gateways.Select((g, i) => $"--- gateway {i} ---\n{Tail(g.Process.Output)}\n")) + $"--- worker ---\n{Tail(Worker?.Output)}";

    public int ModelRequestsContaining(string text) => Model.Requests.Count(r => r.ToJsonString().Contains(text, StringComparison.Ordinal));

    private static string Tail(string? text) => text is null ? "" : text.Length > 3000 ? text[^3000..] : text;

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        foreach (var (process, _) in _gateways)
        {
            await process.DisposeAsync();
        }

        await Model.DisposeAsync();
        await Telegram.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
