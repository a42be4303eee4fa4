using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Telegram;
using OpenClaw.Testing;

namespace OpenClaw.IntegrationTests.Channels;

/// <summary>
/// Everything between a chat user and the model, for real: redis-server (appendonly), the built gateway and
/// Telegram worker processes, the fake Telegram Bot API and a fake OpenAI model that answers at once with
/// "ack &lt;token&gt;" for the <c>msg-N</c> token in the user's text.
/// </summary>
internal sealed partial class ChannelStack : IAsyncDisposable
{
    private readonly string _home;
    private readonly string _telegramSection;
    private Dictionary<string, string> _gatewayEnv = [];

    private ChannelStack(string home, RedisServer redis, FakeTelegramServer telegram, FakeTelegramBot bot, FakeOpenAiServer model, string telegramSection)
    {
        _home = home;
        Redis = redis;
        Telegram = telegram;
        Bot = bot;
        Model = model;
        _telegramSection = telegramSection;
    }

    public RedisServer Redis { get; }

    public FakeTelegramServer Telegram { get; }

    public FakeTelegramBot Bot { get; }

    public FakeOpenAiServer Model { get; }

    public ServiceProcess? Gateway { get; private set; }

    public ServiceProcess? Worker { get; private set; }

    public string StateDir => Path.Combine(_home, ".openclaw");

    public const string GatewayToken = "it-token";

    /// <summary>The gateway's WebSocket URL (the port changes when the gateway is started again).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <param name="telegramExtra">Extra JSON5 keys of <c>channels.telegram</c>, e.g. <c>dmPolicy: 'open', allowFrom: ['*']</c>.</param>
    /// <param name="gatewayEnv">Extra gateway settings, e.g. <c>GatewayChannels__SendTyping=true</c>.</param>
    public static async Task<ChannelStack> StartAsync(string telegramExtra, Dictionary<string, string>? gatewayEnv = null)
    {
        var home = Directory.CreateTempSubdirectory("openclaw-channels-it-").FullName;
        var redis = await RedisServer.StartAsync(appendOnly: true);
        var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        var model = await FakeOpenAiServer.StartNewAsync();
        model.DefaultReply = body => FakeModelReply.Text(AnswerFor(body), chunks: 1);
        var stack = new ChannelStack(home, redis, telegram, bot, model, telegramExtra) { _gatewayEnv = gatewayEnv ?? [] };
        stack.WriteConfig();
        stack.StartGateway();
        stack.StartWorker();
        return stack;
    }

    /// <summary>The model's answer: "ack msg-N" for the last msg-N token it was sent, or a long text for "long-N".</summary>
    private static string AnswerFor(JsonObject body)
    {
        var lastUser = (body["messages"] as JsonArray)?.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        var text = lastUser switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        };
        if (LongToken().Match(text) is { Success: true } longMatch)
        {
            return string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"Part {i} of {longMatch.Value}: " + new string('z', 700)));
        }

        var token = MessageToken().Matches(text).LastOrDefault()?.Value ?? "nothing";
        return $"ack {token}";
    }

    private void WriteConfig()
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(Path.Combine(StateDir, "openclaw.json"), $$"""
            {
              "gateway": { "mode": "local" },
              "agents": { "defaults": { "model": "fakeai/gpt-test", "skipBootstrap": true } },
              "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{Model.BaseUrl}}", "apiKey": "test-key" } } },
              "channels": {
                "telegram": {
                  "botToken": "{{Bot.Token}}",
                  "apiRoot": "{{Telegram.BaseUrl}}",
                  {{_telegramSection}}
                }
              }
            }
            """);
    }

    public void StartGateway()
    {
        Gateway?.Kill();
        var port = FreePort.Next();
        GatewayUrl = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var env = new Dictionary<string, string>
        {
            ["OPENCLAW_GATEWAY_TOKEN"] = GatewayToken,
            ["GatewayChannels__ClaimIdleTime"] = "00:00:03",
            ["GatewayChannels__SendTyping"] = "false",
        };
        foreach (var (key, value) in _gatewayEnv)
        {
            env[key] = value;
        }

        Gateway = ServiceProcess.Start("OpenClaw.Gateway", ["--port", port.ToString(CultureInfo.InvariantCulture)], CommonEnv(env));
    }

    public void StartWorker()
    {
        Worker?.Kill();
        Worker = ServiceProcess.Start("OpenClaw.ChannelWorkers", ["--channel", "telegram"], CommonEnv(new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
            // Worker-only settings go through the environment: the gateway validates openclaw.json strictly.
            ["channels__telegram__pollTimeoutSeconds"] = "1",
            ["ChannelWorkers__ClaimIdleTime"] = "00:00:03",
        }));
    }

    private Dictionary<string, string> CommonEnv(Dictionary<string, string> extra)
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

    /// <summary>Waits for replies; explains what is missing (and what the processes said) on timeout.</summary>
    public async Task<IReadOnlyList<TelegramSentMessage>> WaitForRepliesAsync(Func<IReadOnlyList<TelegramSentMessage>, bool> until, TimeSpan timeout)
    {
        try
        {
            return await Bot.WaitForSentAsync(until, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- gateway ---\n{Tail(Gateway?.Output)}\n--- worker ---\n{Tail(Worker?.Output)}", ex);
        }
    }

    private static string Tail(string? text) => text is null ? "" : text.Length > 4000 ? text[^4000..] : text;

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
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

    [GeneratedRegex(@"msg-\d+")]
    private static partial Regex MessageToken();

    [GeneratedRegex(@"long-\d+")]
    private static partial Regex LongToken();
}
