using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Telegram;
using OpenClaw.Testing;

namespace OpenClaw.AppHost.Tests.Publishing;

/// <summary>
/// Deploys the committed deploy/ folder for real: deploy/setup.sh builds every image on this machine
/// (offline: self-contained publish output on the local base image), writes the secrets into a .env,
/// and starts the stack with docker-compose. A test override puts every container on the host network
/// with loopback-only ports, and points the Telegram worker and the gateway's model at fakes on loopback.
/// Sessions are sandboxed: a message whose model turn calls exec runs in a sandbox container that the composed
/// sandbox manager creates through the mounted Docker socket, with the workspace bound from its host path.
/// </summary>
public sealed partial class ComposeDeploymentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_deployed_stack_answers_a_telegram_message_runs_sandboxed_exec_and_loses_none_across_a_gateway_restart()
    {
        await SkipUnlessDockerAsync();
        var work = PublishingFixture.TempDirectory();
        var project = $"openclaw-e2e-{Guid.NewGuid():N}"[..24];
        await using var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        await using var model = await FakeOpenAiServer.StartNewAsync();
        model.DefaultReply = ModelTurn;
        var stack = new Stack(work.FullName, project);
        try
        {
            stack.WriteStateAndOverride(telegram.BaseUrl, bot.Token, model.BaseUrl);
            var setup = await stack.RunSetupAsync();
            Assert.True(setup.ExitCode == 0, setup.Output);
            Assert.Contains("Control UI:  http://127.0.0.1:", setup.Output, StringComparison.Ordinal);

            await stack.WaitUntilAllHealthyAsync(Patience);
            var env = OpenClaw.AppHost.Publishing.EnvFile.Parse(await File.ReadAllTextAsync(stack.EnvFile, TestContext.Current.CancellationToken));
            Assert.Matches("^[0-9a-f]{64}$", env["OPENCLAW_GATEWAY_TOKEN"]);
            Assert.Matches("^[0-9a-f]{32}$", env["REDIS_PASSWORD"]);

            var first = bot.UserSends(4242, "hello msg-1");
            var replies = await stack.WaitForRepliesAsync(bot, s => s.Any(m => m.Text == "ack msg-1"), Patience);
            Assert.Equal(first, replies.Single(m => m.Text == "ack msg-1").ReplyToMessageId ?? first);

            // exec from a message runs in a sandbox container made by the composed sandbox manager (Docker socket, network
            // none). The workspace bind works only because the state dir and workspace have their host paths in the containers:
            // the file the sandbox writes lands in the host's workspace, and the command's output reaches the chat.
            bot.UserSends(4242, "please run-in-sandbox msg-s");
            replies = await stack.WaitForRepliesAsync(bot, s => s.Any(m => m.Text?.StartsWith("sandbox said:", StringComparison.Ordinal) == true), Patience);
            var sandboxReply = replies.Single(m => m.Text?.StartsWith("sandbox said:", StringComparison.Ordinal) == true).Text!;
            Assert.Contains("pwd=/workspace", sandboxReply, StringComparison.Ordinal);
            Assert.Contains("net=none", sandboxReply, StringComparison.Ordinal);
            var proof = Path.Combine(stack.Workspace, "sandbox-proof.txt");
            Assert.True(File.Exists(proof), $"the sandbox's file is not in the host workspace; the exec said: {sandboxReply}");
            Assert.Equal("made-in-sandbox\n", await File.ReadAllTextAsync(proof, TestContext.Current.CancellationToken));
            var sandboxes = await Tool.RunAsync("docker", ["ps", "-q", "--filter", $"name={stack.SandboxPrefix}"], ".");
            Assert.False(string.IsNullOrWhiteSpace(sandboxes.Output), "no sandbox container with the configured prefix is running");

            // The gateway is down while a message arrives: the worker queues it in Redis, and the gateway
            // answers it once its container is back.
            var stop = await stack.ComposeAsync("stop", "gateway");
            Assert.True(stop.ExitCode == 0, stop.Output);
            bot.UserSends(4242, "while you were out msg-2");
            var start = await stack.ComposeAsync("start", "gateway");
            Assert.True(start.ExitCode == 0, start.Output);
            await stack.WaitUntilAllHealthyAsync(Patience);
            replies = await stack.WaitForRepliesAsync(bot, s => s.Any(m => m.Text == "ack msg-2"), Patience);

            // A plain restart loses nothing either.
            var restart = await stack.ComposeAsync("restart", "gateway");
            Assert.True(restart.ExitCode == 0, restart.Output);
            bot.UserSends(4242, "after restart msg-3");
            replies = await stack.WaitForRepliesAsync(bot, s => s.Any(m => m.Text == "ack msg-3"), Patience);
            Assert.Single(replies, m => m.Text == "ack msg-1");
            Assert.Single(replies, m => m.Text == "ack msg-2");
            Assert.Single(replies, m => m.Text == "ack msg-3");
        }
        finally
        {
            await stack.DownAsync();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// The fake model: "run-in-sandbox" asks for an exec (generous yield: the first call creates the container), a tool
    /// result is echoed back as the reply, anything else is acknowledged by its msg-N token.
    /// </summary>
    private static FakeModelReply ModelTurn(JsonObject body)
    {
        var last = body["messages"]!.AsArray()[^1]!;
        if (last["role"]?.GetValue<string>() == "tool")
        {
            var output = last["content"] is JsonValue text ? text.GetValue<string>() : last["content"]?.ToJsonString();
            return FakeModelReply.Text($"sandbox said: {output}", chunks: 1);
        }

        if (last.ToJsonString().Contains("run-in-sandbox", StringComparison.Ordinal))
        {
            return FakeModelReply.ToolCall("exec", new
            {
                command = "echo made-in-sandbox > sandbox-proof.txt; echo pwd=$(pwd); " +
                    "if [ \"$(ls /sys/class/net | grep -v '^lo$')\" = \"\" ]; then echo net=none; else echo net=some; fi",
                yieldMs = 180_000,
            });
        }

        return FakeModelReply.Text($"ack {MessageToken().Matches(body.ToJsonString()).LastOrDefault()?.Value ?? "nothing"}", chunks: 1);
    }

    private static async Task SkipUnlessDockerAsync()
    {
        if (!await Tool.ExistsAsync("docker-compose") || (await Tool.RunAsync("docker", ["info"], ".")).ExitCode != 0)
        {
            Assert.Skip("needs a Docker engine and docker-compose (see docs/deploy.md).");
        }

        if ((await Tool.RunAsync("docker", ["image", "inspect", "openclaw-sandbox:bookworm-slim"], ".")).ExitCode != 0)
        {
            Assert.Skip("needs the local base image openclaw-sandbox:bookworm-slim for the offline build.");
        }
    }

    [GeneratedRegex(@"msg-\d+")]
    private static partial Regex MessageToken();

    [GeneratedRegex(@"    ports:\n(      - .*\n)+")]
    private static partial Regex PortsSection();

    /// <summary>One deployment under its own Compose project name, state dir and .env.</summary>
    private sealed class Stack(string work, string project)
    {
        private readonly Dictionary<string, int> _ports = new[]
            { "dashboard", "otlp-grpc", "otlp-http", "redis", "gateway", "sandbox-manager", "channel-telegram", "control-ui" }
            .ToDictionary(name => name, _ => FreePort.Next());

        private static string Deploy => Path.Combine(AppHostProcess.RepoRoot, "deploy");

        public string EnvFile => Path.Combine(work, ".env");

        public string Workspace => Path.Combine(work, "workspace");

        public string SandboxPrefix { get; } = $"oc-e2e-{Guid.NewGuid():N}"[..18] + "-";

        private string StateDir => Path.Combine(work, "state");

        private string Override => Path.Combine(work, "docker-compose.test.yaml");

        private string ComposeFile => Path.Combine(work, "docker-compose.yaml");

        private string Port(string name) => _ports[name].ToString(CultureInfo.InvariantCulture);

        /// <remarks>
        /// The sandbox runs as uid 1000, the owner of the deployed state dir and workspace (setup.sh chowns them): the
        /// image's root has its capabilities dropped, so it could not write into a workspace it does not own.
        /// </remarks>
        public void WriteStateAndOverride(string telegramApiRoot, string botToken, string modelBaseUrl)
        {
            Directory.CreateDirectory(StateDir);
            File.WriteAllText(Path.Combine(StateDir, "openclaw.json"), $$"""
                {
                  "gateway": { "mode": "local" },
                  "agents": { "defaults": {
                    "model": "fakeai/gpt-test", "skipBootstrap": true, "workspace": "{{Workspace}}",
                    "sandbox": { "mode": "all", "workspaceAccess": "rw", "docker": { "containerPrefix": "{{SandboxPrefix}}", "user": "1000:1000" } } } },
                  "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{modelBaseUrl}}", "apiKey": "test-key" } } },
                  "channels": { "telegram": { "botToken": "{{botToken}}", "apiRoot": "{{telegramApiRoot}}", "dmPolicy": "open", "allowFrom": ["*"] } }
                }
                """);
            File.WriteAllText(Override, OverrideYaml());
            // Docker refuses published ports with network_mode: host, and Compose v1 cannot remove list entries
            // in an override, so the test deploys the generated file minus its `ports:` sections.
            File.WriteAllText(ComposeFile, PortsSection().Replace(File.ReadAllText(Path.Combine(Deploy, "docker-compose.yaml")), ""));
        }

        /// <summary>Host network, loopback listeners on free ports, and the OTLP/Redis/gateway addresses to match.</summary>
        private string OverrideYaml()
        {
            var redis = $"127.0.0.1:{Port("redis")},password=${{REDIS_PASSWORD}}";
            var lines = new List<string>
            {
                "services:",
                "  aspire-dashboard:",
                "    network_mode: host",
                "    environment:",
                $"      ASPNETCORE_URLS: \"http://127.0.0.1:{Port("dashboard")}\"",
                $"      ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL: \"http://127.0.0.1:{Port("otlp-grpc")}\"",
                $"      ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL: \"http://127.0.0.1:{Port("otlp-http")}\"",
                "    healthcheck:",
                $"      test: [\"CMD\", \"bash\", \"-c\", \"exec 3<>/dev/tcp/127.0.0.1/{Port("dashboard")} && printf 'GET /health HTTP/1.0\\\\r\\\\n\\\\r\\\\n' >&3 && grep -q '^HTTP/1.[01] 200' <&3\"]",
                "  redis:",
                "    network_mode: host",
                $"    command: [\"-c\", \"redis-server --requirepass \\\"$$REDIS_PASSWORD\\\" --appendonly yes --bind 127.0.0.1 --port {Port("redis")}\"]",
                "    healthcheck:",
                $"      test: [\"CMD\", \"sh\", \"-c\", \"redis-cli -p {Port("redis")} -a \\\"$$REDIS_PASSWORD\\\" --no-auth-warning ping | grep -q PONG\"]",
            };
            void Project(string service, Dictionary<string, string> env, string? command = null)
            {
                lines.Add($"  {service}:");
                lines.Add("    network_mode: host");
                if (command is not null)
                {
                    lines.Add($"    command: {command}");
                }

                lines.Add("    environment:");
                env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port(service)}";
                env["HTTP_PORTS"] = Port(service);
                env["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Port("otlp-grpc")}";
                lines.AddRange(env.Select(pair => $"      {pair.Key}: \"{pair.Value}\""));
            }

            Project("gateway", new()
            {
                ["OPENCLAW_GATEWAY_PORT"] = Port("gateway"),
                ["ConnectionStrings__redis"] = redis,
                ["GatewayChannels__ClaimIdleTime"] = "00:00:03",
                ["GatewayChannels__SendTyping"] = "false",
            }, "[\"--bind\", \"loopback\"]");
            Project("sandbox-manager", new() { ["ConnectionStrings__redis"] = redis });
            Project("channel-telegram", new()
            {
                ["ConnectionStrings__redis"] = redis,
                ["channels__telegram__pollTimeoutSeconds"] = "1",
                ["ChannelWorkers__ClaimIdleTime"] = "00:00:03",
            });
            Project("control-ui", new() { ["services__gateway__http__0"] = $"http://127.0.0.1:{Port("gateway")}" });
            return string.Join('\n', lines) + "\n";
        }

        public Task<(int ExitCode, string Output)> RunSetupAsync() => Tool.RunAsync("bash", [Path.Combine(Deploy, "setup.sh")], Deploy, new()
        {
            ["OPENCLAW_OFFLINE"] = "1",
            ["COMPOSE_PROJECT_NAME"] = project,
            ["OPENCLAW_ENV_FILE"] = EnvFile,
            ["OPENCLAW_EXTRA_COMPOSE_FILE"] = Path.Combine(work, "docker-compose.extra.yml"),
            ["OPENCLAW_COMPOSE_OVERRIDES"] = Override,
            ["OPENCLAW_COMPOSE_FILE"] = ComposeFile,
            ["OPENCLAW_CONFIG_DIR"] = StateDir,
            ["OPENCLAW_WORKSPACE_DIR"] = Workspace,
            ["OPENCLAW_GATEWAY_PORT"] = Port("gateway"),
            ["OPENCLAW_CONTROL_UI_PORT"] = Port("control-ui"),
            ["OPENCLAW_DASHBOARD_PORT"] = Port("dashboard"),
        }, TimeSpan.FromMinutes(12));

        public Task<(int ExitCode, string Output)> ComposeAsync(params string[] args) => Tool.RunAsync(
            "docker-compose",
            ["--project-directory", Deploy, "--env-file", EnvFile, "-f", ComposeFile, "-f", Path.Combine(Deploy, "docker-compose.offline.yaml"), "-f", Override, .. args],
            Deploy,
            new() { ["COMPOSE_PROJECT_NAME"] = project },
            TimeSpan.FromMinutes(3));

        public async Task WaitUntilAllHealthyAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var states = "";
            while (DateTime.UtcNow < deadline)
            {
                var ids = (await ComposeAsync("ps", "-q")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var inspect = await Tool.RunAsync("docker", ["inspect", "-f", "{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}", .. ids], ".");
                states = inspect.Output.Trim();
                if (ids.Length == 6 && inspect.ExitCode == 0 && states.Split('\n').All(line => line.EndsWith(" healthy", StringComparison.Ordinal)))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            }

            throw new TimeoutException($"not every service became healthy:\n{states}\n{(await ComposeAsync("logs", "--tail", "40")).Output}");
        }

        public async Task<IReadOnlyList<TelegramSentMessage>> WaitForRepliesAsync(FakeTelegramBot bot, Func<IReadOnlyList<TelegramSentMessage>, bool> until, TimeSpan timeout)
        {
            try
            {
                return await bot.WaitForSentAsync(until, timeout);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}\n{(await ComposeAsync("logs", "--tail", "60", "gateway", "channel-telegram")).Output}", ex);
            }
        }

        public async Task DownAsync()
        {
            if (File.Exists(EnvFile))
            {
                await ComposeAsync("down", "--volumes", "--remove-orphans", "--timeout", "20");
            }

            // Sandbox containers belong to the sandbox manager, not to the Compose project.
            var sandboxes = await Tool.RunAsync("docker", ["ps", "-aq", "--filter", $"name={SandboxPrefix}"], ".");
            foreach (var id in sandboxes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await Tool.RunAsync("docker", ["rm", "-f", id], ".");
            }
        }
    }
}
