using System.CommandLine;
using OpenClaw.Cli.Commands;
using OpenClaw.Cli.Gateway;
using Spectre.Console;

namespace OpenClaw.Cli.Onboarding;

/// <summary>The interactive wizard: asks only what the flags did not answer.</summary>
internal static class OnboardPrompts
{
    public static async Task AskAsync(OnboardAnswers a, ParseResult parse, OnboardOptions o, CancellationToken ct)
    {
        AnsiConsole.Write(new Rule("[bold]OpenClaw onboarding[/]").LeftJustified());
        AnsiConsole.MarkupLine($"Config: [blue]{Markup.Escape(CliPaths.ConfigPath)}[/]");
        if (!parse.GetValue(o.AcceptRisk))
        {
            AnsiConsole.MarkupLine("[yellow]Security:[/] agents can run tools (shell, files, browser) on this machine. Keep the gateway on loopback with a token, use sandboxing for untrusted chats.");
            if (!AnsiConsole.Confirm("I understand. Continue?", defaultValue: true))
            {
                throw new CliException("onboarding cancelled");
            }
        }

        if (File.Exists(CliPaths.ConfigPath) && !a.Reset)
        {
            a.Reset = AnsiConsole.Prompt(new SelectionPrompt<string>().Title("An existing config was found. What should onboarding do?")
                .AddChoices("Keep it and update the values I choose", "Reset it (start from an empty config)")) .StartsWith("Reset", StringComparison.Ordinal);
        }

        if (parse.GetValue(o.GatewayPort) is null)
        {
            a.Port = AnsiConsole.Prompt(new TextPrompt<int>("Gateway port:").DefaultValue(a.Port)
                .Validate(p => p is >= 1 and <= 65535 ? ValidationResult.Success() : ValidationResult.Error("a port is 1-65535")));
        }

        if (parse.GetValue(o.GatewayBind) is null)
        {
            a.Bind = AnsiConsole.Prompt(new SelectionPrompt<string>().Title("Gateway bind (who can connect):")
                .AddChoices("loopback", "lan", "tailnet", "auto"));
        }

        a.Token ??= OnboardCommand.NewToken();
        AnsiConsole.MarkupLine($"Gateway auth: token ([grey]{Markup.Escape(OnboardWriter.Mask(a.Token))}[/], 32 random bytes)");

        if (parse.GetValue(o.AuthChoice) is { } choice)
        {
            await o.ApplyChoiceAsync(a, choice, parse, ct);
        }
        else
        {
            await AskProviderAsync(a, parse, o, ct);
        }

        if (a.Channel is null && !parse.GetValue(o.SkipChannels))
        {
            var channel = AnsiConsole.Prompt(new SelectionPrompt<string>().Title("First chat channel:").AddChoices("skip", "telegram", "discord", "slack"));
            if (channel != "skip")
            {
                a.Channel = channel;
            }
        }

        if (a.Channel is { } id && a.ChannelToken is null)
        {
            a.ChannelToken = AnsiConsole.Prompt(new TextPrompt<string>($"{id} bot token:").Secret());
            if (id == "slack")
            {
                a.ChannelAppToken = AnsiConsole.Prompt(new TextPrompt<string>("Slack app token (xapp-…, Socket Mode):").Secret());
            }
        }

        if (a.Sandbox is null)
        {
            a.Sandbox = AnsiConsole.Prompt(new SelectionPrompt<string>().Title("Sandbox (run tools in Docker):")
                .AddChoices("non-main", "off", "all"));
        }

        if (parse.GetValue(o.Workspace) is null)
        {
            a.Workspace = Path.GetFullPath(AnsiConsole.Prompt(new TextPrompt<string>("Workspace directory:").DefaultValue(a.Workspace)));
        }
    }

    private static async Task AskProviderAsync(OnboardAnswers a, ParseResult parse, OnboardOptions o, CancellationToken ct)
    {
        var detected = await AnsiConsole.Status().StartAsync("Looking for a local Ollama…", _ => OllamaProbe.DetectAsync(parse.GetValue(o.CustomBaseUrl), ct));
        const string Anthropic = "Anthropic (API key)", OpenAi = "OpenAI (API key)", Custom = "OpenAI-compatible URL", Skip = "Skip for now";
        var ollama = detected is null ? null : $"Ollama at {detected.BaseUrl} (detected, {detected.Models.Count} models)";
        var prompt = new SelectionPrompt<string>().Title("Model provider:");
        if (ollama is not null)
        {
            prompt.AddChoice(ollama);
        }

        prompt.AddChoices(Anthropic, OpenAi, Custom, Skip);
        var picked = AnsiConsole.Prompt(prompt);
        if (picked == ollama)
        {
            a.Provider = "ollama";
            a.BaseUrl = detected!.BaseUrl;
            a.ModelId = parse.GetValue(o.CustomModelId) ?? (detected.Models.Count > 0
                ? AnsiConsole.Prompt(new SelectionPrompt<string>().Title("Model:").AddChoices(detected.Models))
                : AnsiConsole.Prompt(new TextPrompt<string>("Model id:")));
        }
        else if (picked == Anthropic)
        {
            a.Provider = "anthropic";
            a.ApiKey = parse.GetValue(o.AnthropicKey) ?? AnsiConsole.Prompt(new TextPrompt<string>("Anthropic API key:").Secret());
        }
        else if (picked == OpenAi)
        {
            a.Provider = "openai";
            a.ApiKey = parse.GetValue(o.OpenAiKey) ?? AnsiConsole.Prompt(new TextPrompt<string>("OpenAI API key:").Secret());
        }
        else if (picked == Custom)
        {
            a.Provider = "custom";
            a.BaseUrl = AnsiConsole.Prompt(new TextPrompt<string>("Base URL (…/v1):"));
            a.ModelId = AnsiConsole.Prompt(new TextPrompt<string>("Model id:"));
            a.ApiKey = AnsiConsole.Prompt(new TextPrompt<string>("API key (empty for none):").AllowEmpty().Secret());
        }
    }
}
