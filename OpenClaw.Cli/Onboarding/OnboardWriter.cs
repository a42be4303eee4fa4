using System.Text.Json.Nodes;
using OpenClaw.Cli.Commands;
using OpenClaw.Cli.Config;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Onboarding;

/// <summary>What onboarding changed: config keys (secrets shown masked) and files it created.</summary>
internal sealed record OnboardResult(string ConfigPath, IReadOnlyList<(string Key, string Value)> Keys, IReadOnlyList<string> Files);

/// <summary>
/// Writes the wizard's answers: <c>openclaw.json</c> edited in place (comments of an existing file stay), API keys in
/// <c>&lt;state&gt;/.env</c> (mode 600, read by the gateway), workspace bootstrap files that do not exist yet.
/// </summary>
internal static class OnboardWriter
{
    public const string AnthropicModel = "anthropic/claude-sonnet-4-5";
    public const string OpenAiModel = "openai/gpt-5.1";

    public static OnboardResult Write(OnboardAnswers a)
    {
        var path = CliPaths.ConfigPath;
        var file = a.Reset ? new ConfigFile(path, Json5Document.Empty(), false) : ConfigFile.Load(path);
        var doc = file.Document;
        var keys = new List<(string, string)>();
        var files = new List<string>();
        void Set(string key, JsonNode? value, bool secret = false)
        {
            doc.Set(ConfigPath.Parse(key), value);
            keys.Add((key, secret ? Mask(value?.ToString()) : value?.ToJsonString() ?? "null"));
        }

        Set("gateway.mode", a.Mode);
        if (a.Mode == "remote")
        {
            Set("gateway.remote.url", a.RemoteUrl);
            if (a.RemoteToken is { Length: > 0 })
            {
                Set("gateway.remote.token", a.RemoteToken, secret: true);
            }
        }
        else
        {
            Set("gateway.port", a.Port);
            Set("gateway.bind", a.Bind);
            Set("gateway.auth.mode", a.Auth);
            if (a.Auth == "password")
            {
                Set("gateway.auth.password", a.Password, secret: true);
            }
            else
            {
                Set("gateway.auth.token", a.Token, secret: true);
            }
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (a.Provider)
        {
            case "anthropic":
                Set("agents.defaults.model.primary", AnthropicModel);
                if (!a.SecretAsRef && a.ApiKey is { Length: > 0 })
                {
                    env["ANTHROPIC_API_KEY"] = a.ApiKey;
                }

                break;
            case "openai":
                Set("agents.defaults.model.primary", OpenAiModel);
                if (!a.SecretAsRef && a.ApiKey is { Length: > 0 })
                {
                    env["OPENAI_API_KEY"] = a.ApiKey;
                }

                break;
            case "ollama" or "custom":
                var id = a.ProviderId ?? (a.Provider == "ollama" ? "ollama" : "custom");
                var provider = new JsonObject
                {
                    ["api"] = a.Compatibility == "anthropic" ? "anthropic-messages" : "openai-completions",
                    ["baseUrl"] = a.BaseUrl,
                    ["models"] = new JsonArray(new JsonObject { ["id"] = a.ModelId, ["name"] = a.ModelId }),
                };
                if (a.SecretAsRef)
                {
                    provider["apiKey"] = new JsonObject { ["source"] = "env", ["provider"] = "default", ["id"] = "CUSTOM_API_KEY" };
                }
                else
                {
                    // Ollama ignores the key, but OpenAI-compatible clients send one.
                    provider["apiKey"] = a.ApiKey is { Length: > 0 } key ? key : "ollama-local";
                }

                doc.Set(["models", "providers", id], provider);
                keys.Add(($"models.providers.{id}", $"{provider["api"]} at {a.BaseUrl}"));
                Set("agents.defaults.model.primary", $"{id}/{a.ModelId}");
                break;
        }

        if (a.Mode == "local")
        {
            Set("agents.defaults.workspace", a.Workspace);
        }

        if (a.Sandbox is { Length: > 0 } sandbox)
        {
            Set("agents.defaults.sandbox.mode", sandbox);
        }

        if (a.Channel is { Length: > 0 } channel)
        {
            foreach (var (key, value) in KnownChannels.TokenKeys(channel, a.ChannelToken, a.ChannelAppToken, null))
            {
                Set($"channels.{channel}.{key}", value, secret: true);
            }
        }

        doc.Set(["wizard"], new JsonObject
        {
            ["lastRunAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["lastRunVersion"] = typeof(OnboardWriter).Assembly.GetName().Version?.ToString(),
            ["lastRunCommand"] = "onboard",
            ["lastRunMode"] = a.Mode,
        });

        var issues = ConfigValidation.Validate(doc.Root);
        if (issues.Count > 0)
        {
            throw new CliException($"onboarding produced a config the gateway would refuse: {issues[0]}");
        }

        Directory.CreateDirectory(CliPaths.StateDir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(CliPaths.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        file.Save();
        if (env.Count > 0)
        {
            files.Add(WriteEnv(env));
        }

        if (a.Mode == "local" && a.Bootstrap)
        {
            files.AddRange(WorkspaceBootstrap.Create(a.Workspace));
        }

        return new OnboardResult(path, keys, files);
    }

    /// <summary>Adds or replaces <c>KEY=value</c> lines in <c>&lt;state&gt;/.env</c>, keeping the other lines.</summary>
    private static string WriteEnv(Dictionary<string, string> values)
    {
        var path = Path.Combine(CliPaths.StateDir, ".env");
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        foreach (var (key, value) in values)
        {
            lines.RemoveAll(l => l.TrimStart().StartsWith(key + "=", StringComparison.Ordinal) || l.TrimStart().StartsWith($"export {key}=", StringComparison.Ordinal));
            lines.Add($"{key}={value}");
        }

        ConfigFile.WriteAtomic(path, string.Join('\n', lines) + "\n");
        return $"{path} ({string.Join(", ", values.Keys)})";
    }

    public static string Mask(string? secret) => secret is null ? "null" : secret.Length <= 8 ? "********" : $"{secret[..4]}…{secret[^4..]}";
}
