using System.CommandLine;
using OpenClaw.Cli.Commands;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Onboarding;

/// <summary>The onboarding flags (upstream's names, plus <c>--channel/--channel-token/--sandbox</c> for the first channel and sandbox mode).</summary>
internal sealed class OnboardOptions
{
    public Option<bool> NonInteractive { get; } = new("--non-interactive") { Description = "No prompts: everything from flags (needs --accept-risk)" };
    public Option<bool> AcceptRisk { get; } = new("--accept-risk") { Description = "Acknowledge that agents can run tools on this machine" };
    public Option<string> Mode { get; } = new("--mode") { Description = "local | remote", DefaultValueFactory = _ => "local" };
    public Option<string?> Flow { get; } = new("--flow") { Description = "quickstart | advanced | manual" };
    public Option<bool> Reset { get; } = new("--reset") { Description = "Start from an empty config instead of editing the existing one" };
    public Option<string?> Workspace { get; } = new("--workspace") { Description = "Agent workspace directory (default <state dir>/workspace)" };
    public Option<string?> AuthChoice { get; } = new("--auth-choice") { Description = "apiKey (Anthropic) | anthropic-api-key | openai-api-key | ollama | custom-api-key | skip" };
    public Option<string?> AnthropicKey { get; } = new("--anthropic-api-key") { Description = "Anthropic API key" };
    public Option<string?> OpenAiKey { get; } = new("--openai-api-key") { Description = "OpenAI API key" };
    public Option<string?> CustomBaseUrl { get; } = new("--custom-base-url") { Description = "OpenAI-compatible base URL (Ollama: http://127.0.0.1:11434)" };
    public Option<string?> CustomModelId { get; } = new("--custom-model-id") { Description = "Model id at the custom/Ollama provider" };
    public Option<string?> CustomApiKey { get; } = new("--custom-api-key") { Description = "API key of the custom provider (else CUSTOM_API_KEY)" };
    public Option<string?> CustomProviderId { get; } = new("--custom-provider-id") { Description = "Provider id for models.providers (default custom / ollama)" };
    public Option<string> CustomCompatibility { get; } = new("--custom-compatibility") { Description = "openai | anthropic", DefaultValueFactory = _ => "openai" };
    public Option<string> SecretInputMode { get; } = new("--secret-input-mode") { Description = "plaintext | ref (store env references, not keys)", DefaultValueFactory = _ => "plaintext" };
    public Option<int?> GatewayPort { get; } = new("--gateway-port") { Description = "Gateway port (18789)" };
    public Option<string?> GatewayBind { get; } = new("--gateway-bind") { Description = "loopback | lan | tailnet | auto | custom" };
    public Option<string?> GatewayAuth { get; } = new("--gateway-auth") { Description = "token | password" };
    public Option<string?> GatewayToken { get; } = new("--gateway-token") { Description = "Gateway token (default: a new random 32-byte hex token)" };
    public Option<string?> GatewayPassword { get; } = new("--gateway-password") { Description = "Gateway password (with --gateway-auth password)" };
    public Option<string?> RemoteUrl { get; } = new("--remote-url") { Description = "Remote gateway URL (--mode remote)" };
    public Option<string?> RemoteToken { get; } = new("--remote-token") { Description = "Remote gateway token (--mode remote)" };
    public Option<string?> Channel { get; } = new("--channel") { Description = "First channel: telegram | discord | slack" };
    public Option<string?> ChannelToken { get; } = new("--channel-token") { Description = "Bot token of the first channel" };
    public Option<string?> ChannelAppToken { get; } = new("--channel-app-token") { Description = "Slack app token (Socket Mode)" };
    public Option<string?> Sandbox { get; } = new("--sandbox") { Description = "Sandbox mode: off | non-main | all" };
    public Option<bool> SkipChannels { get; } = new("--skip-channels") { Description = "Do not ask for a channel" };
    public Option<bool> SkipSkills { get; } = new("--skip-skills") { Description = "Accepted for compatibility (no skills step)" };
    public Option<bool> SkipBootstrap { get; } = new("--skip-bootstrap") { Description = "Do not create workspace bootstrap files" };
    public Option<bool> InstallDaemon { get; } = new("--install-daemon") { Description = "Not supported: run the gateway with openclaw gateway run or the AppHost" };
    public Option<bool> NoInstallDaemon { get; } = new("--no-install-daemon") { Description = "Accepted for compatibility" };
    public Option<bool> Json { get; } = new("--json") { Description = "Print a JSON summary" };

    public void AddTo(Command command)
    {
        foreach (var option in GetType().GetProperties().Select(p => p.GetValue(this)).OfType<Option>())
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Answers from flags; the rest are defaults that prompts (or the non-interactive rules) complete.</summary>
    public Task<OnboardAnswers> FromFlagsAsync(ParseResult parse, CancellationToken ct)
    {
        _ = ct;
        var a = new OnboardAnswers
        {
            Mode = parse.GetValue(Mode) is "remote" ? "remote" : parse.GetValue(Mode) is "local" ? "local" : throw new CliException($"--mode: '{parse.GetValue(Mode)}' is not local or remote"),
            Port = parse.GetValue(GatewayPort) ?? CliConfig.Load().Port ?? GatewayTarget.DefaultPort,
            Bind = parse.GetValue(GatewayBind) ?? "loopback",
            Auth = parse.GetValue(GatewayAuth) ?? "token",
            Token = parse.GetValue(GatewayToken),
            Password = parse.GetValue(GatewayPassword),
            RemoteUrl = parse.GetValue(RemoteUrl),
            RemoteToken = parse.GetValue(RemoteToken),
            SecretAsRef = parse.GetValue(SecretInputMode) == "ref",
            Compatibility = parse.GetValue(CustomCompatibility) ?? "openai",
            ProviderId = parse.GetValue(CustomProviderId),
            Sandbox = parse.GetValue(Sandbox),
            Workspace = Path.GetFullPath(parse.GetValue(Workspace) ?? Path.Combine(CliPaths.StateDir, "workspace")),
            Bootstrap = !parse.GetValue(SkipBootstrap),
            Reset = parse.GetValue(Reset),
        };
        if (a.Port is < 1 or > 65535)
        {
            throw new CliException($"--gateway-port {a.Port} is not a TCP port (1-65535)");
        }

        if (a.Bind is not ("loopback" or "lan" or "tailnet" or "auto" or "custom"))
        {
            throw new CliException($"--gateway-bind '{a.Bind}': use loopback, lan, tailnet, auto or custom");
        }

        if (a.Auth is not ("token" or "password"))
        {
            throw new CliException($"--gateway-auth '{a.Auth}': use token or password");
        }

        if (a.Sandbox is { } s && s is not ("off" or "non-main" or "all"))
        {
            throw new CliException($"--sandbox '{s}': use off, non-main or all");
        }

        if (parse.GetValue(Channel) is { Length: > 0 } channel && !parse.GetValue(SkipChannels))
        {
            a.Channel = KnownChannels.Require(channel);
            a.ChannelToken = parse.GetValue(ChannelToken);
            a.ChannelAppToken = parse.GetValue(ChannelAppToken);
        }

        if (parse.GetValue(InstallDaemon))
        {
            Console.Error.WriteLine("--install-daemon: OpenClaw.NET does not install a system service; start the gateway with openclaw gateway run or the AppHost.");
        }

        return Task.FromResult(a);
    }

    /// <summary>Non-interactive rules: provider from --auth-choice (or a detected local Ollama), a new token if none given.</summary>
    public async Task CompleteNonInteractiveAsync(OnboardAnswers a, ParseResult parse, CancellationToken ct)
    {
        if (a.Mode == "remote")
        {
            if (a.RemoteUrl is not { Length: > 0 })
            {
                throw new CliException("--mode remote needs --remote-url ws://host:18789");
            }

            return;
        }

        if (a.Auth == "password" && a.Password is not { Length: > 0 })
        {
            throw new CliException("--gateway-auth password needs --gateway-password <password>");
        }

        a.Token ??= OnboardCommand.NewToken();
        var choice = parse.GetValue(AuthChoice);
        if (choice is null)
        {
            var detected = await OllamaProbe.DetectAsync(parse.GetValue(CustomBaseUrl), ct);
            choice = detected is not null ? "ollama" : parse.GetValue(AnthropicKey) is not null ? "apiKey" : parse.GetValue(OpenAiKey) is not null ? "openai-api-key" : "skip";
        }

        await ApplyChoiceAsync(a, choice, parse, ct);
        if (a.Channel is { } channel && a.ChannelToken is not { Length: > 0 })
        {
            throw new CliException($"--channel {channel} needs --channel-token <bot token>");
        }
    }

    public async Task ApplyChoiceAsync(OnboardAnswers a, string choice, ParseResult parse, CancellationToken ct)
    {
        switch (choice)
        {
            case "apiKey" or "anthropic-api-key" or "anthropic":
                a.Provider = "anthropic";
                a.ApiKey = KeyOrEnv(a, parse.GetValue(AnthropicKey), "ANTHROPIC_API_KEY", "--anthropic-api-key");
                break;
            case "openai-api-key" or "openai":
                a.Provider = "openai";
                a.ApiKey = KeyOrEnv(a, parse.GetValue(OpenAiKey), "OPENAI_API_KEY", "--openai-api-key");
                break;
            case "ollama":
                a.Provider = "ollama";
                var found = await OllamaProbe.DetectAsync(parse.GetValue(CustomBaseUrl), ct)
                    ?? throw new CliException($"no Ollama answered at {parse.GetValue(CustomBaseUrl) ?? OllamaProbe.Address}: start it (ollama serve) or pass --custom-base-url");
                a.BaseUrl = found.BaseUrl;
                a.ModelId = parse.GetValue(CustomModelId) ?? found.Models.FirstOrDefault()
                    ?? throw new CliException($"Ollama at {found.BaseUrl} has no models: pull one (ollama pull llama3.2) or pass --custom-model-id");
                break;
            case "custom-api-key" or "custom":
                a.Provider = "custom";
                a.BaseUrl = parse.GetValue(CustomBaseUrl) ?? throw new CliException("--auth-choice custom-api-key needs --custom-base-url https://host/v1");
                a.ModelId = parse.GetValue(CustomModelId) ?? throw new CliException("--auth-choice custom-api-key needs --custom-model-id <model>");
                a.ApiKey = parse.GetValue(CustomApiKey) ?? Environment.GetEnvironmentVariable("CUSTOM_API_KEY");
                break;
            case "skip":
                a.Provider = "skip";
                break;
            default:
                throw new CliException($"--auth-choice '{choice}': use apiKey, openai-api-key, ollama, custom-api-key or skip");
        }
    }

    private static string? KeyOrEnv(OnboardAnswers a, string? flag, string envVar, string flagName)
    {
        if (a.SecretAsRef)
        {
            // Ref mode keeps the key in the environment only; it must be there for the gateway to use it.
            return Environment.GetEnvironmentVariable(envVar) is { Length: > 0 }
                ? null
                : throw new CliException($"--secret-input-mode ref needs {envVar} set in the environment");
        }

        return flag ?? Environment.GetEnvironmentVariable(envVar) ?? throw new CliException($"{flagName} <key> is required (or set {envVar})");
    }
}
