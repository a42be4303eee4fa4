namespace OpenClaw.Cli.Onboarding;

/// <summary>Everything the wizard decided, from flags or prompts; <see cref="OnboardWriter"/> turns it into files.</summary>
internal sealed class OnboardAnswers
{
    public string Mode { get; set; } = "local";

    public int Port { get; set; } = Gateway.GatewayTarget.DefaultPort;

    public string Bind { get; set; } = "loopback";

    public string Auth { get; set; } = "token";

    public string? Token { get; set; }

    public string? Password { get; set; }

    public string? RemoteUrl { get; set; }

    public string? RemoteToken { get; set; }

    /// <summary>anthropic | openai | ollama | custom | skip.</summary>
    public string Provider { get; set; } = "skip";

    public string? ApiKey { get; set; }

    public bool SecretAsRef { get; set; }

    public string? BaseUrl { get; set; }

    public string? ModelId { get; set; }

    public string? ProviderId { get; set; }

    public string Compatibility { get; set; } = "openai";

    public string? Channel { get; set; }

    public string? ChannelToken { get; set; }

    public string? ChannelAppToken { get; set; }

    public string? Sandbox { get; set; }

    public string Workspace { get; set; } = "";

    public bool Bootstrap { get; set; } = true;

    public bool Reset { get; set; }
}
