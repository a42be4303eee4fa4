using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Config;

public class ConfigLoaderTests
{
    private static ConfigLoadResult Load(string text, Dictionary<string, string>? env = null, string? dir = null) =>
        ConfigLoader.LoadText(text, dir ?? Path.GetTempPath(), name => env?.GetValueOrDefault(name));

    [Fact]
    public void Minimal_upstream_example_loads_into_typed_options()
    {
        var result = Load("""
            {
              gateway: { mode: "local", port: 18789, bind: "loopback", auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" } },
              agents: {
                defaults: { workspace: "~/.openclaw/workspace", model: { primary: "anthropic/claude-opus-4-6", fallbacks: ["openai/gpt-5.4"] } },
                list: [{ id: "main", default: true }],
              },
              channels: { telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", dmPolicy: "pairing", allowFrom: [12345, "tg:99"], groups: { "*": { requireMention: true } } } },
              session: { dmScope: "main" },
              tools: { profile: "coding" },
              messages: { responsePrefix: "🦞" },
            }
            """, new() { ["OPENCLAW_GATEWAY_TOKEN"] = "tok", ["TELEGRAM_BOT_TOKEN"] = "123:abc" });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Config;
        Assert.Equal("local", config.Gateway.Mode);
        Assert.Equal("tok", config.Gateway.Auth.Token!.Value);
        Assert.Equal("anthropic/claude-opus-4-6", config.Agents.Defaults.Model!.Primary);
        Assert.Equal(["openai/gpt-5.4"], config.Agents.Defaults.Model.Fallbacks!);
        Assert.Equal("123:abc", config.Channels["telegram"].BotToken!.Value);
        Assert.Equal(["12345", "tg:99"], config.Channels["telegram"].AllowFrom!);
        Assert.True(config.Channels["telegram"].Groups!["*"].RequireMention);
        Assert.Equal(4, config.Agents.Defaults.MaxConcurrent);
    }

    [Fact]
    public void Unknown_key_names_the_path_line_and_suggests_the_right_key()
    {
        var result = Load("{\n  gateway: {\n    mode: 'local',\n    prot: 1234,\n  },\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.UnknownKey, error.Kind);
        Assert.Equal("gateway.prot", error.Path);
        Assert.Equal(4, error.Line);
        Assert.Contains("did you mean 'port'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_names_the_path_and_what_was_expected()
    {
        var result = Load("{ gateway: { port: 'eighteen' }, agents: { defaults: { maxConcurrent: 2.5 } } }");

        Assert.Collection(
            result.Errors,
            e => Assert.Equal(("gateway.port", ConfigErrorKind.WrongType), (e.Path, e.Kind)),
            e => Assert.Equal(("agents.defaults.maxConcurrent", ConfigErrorKind.WrongType), (e.Path, e.Kind)));
        Assert.Contains("expected a whole number", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_enum_value_lists_the_allowed_values()
    {
        var result = Load("{ session: { dmScope: 'per-peers' } }");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.InvalidValue, error.Kind);
        Assert.Equal("session.dmScope", error.Path);
        Assert.Contains("main, per-peer, per-channel-peer, per-account-channel-peer", error.Hint, StringComparison.Ordinal);
        Assert.Contains("did you mean 'per-peer'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_env_var_names_the_key_path_and_variable()
    {
        var result = Load("{ models: { providers: { litellm: { baseUrl: 'http://127.0.0.1:4000/v1', api: 'openai-completions', apiKey: '${LITELLM_KEY}' } } } }");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.MissingEnvVar, error.Kind);
        Assert.Equal("models.providers.litellm.apiKey", error.Path);
        Assert.Contains("LITELLM_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_env_reference_stays_literal()
    {
        var result = Load("{ agents: { list: [{ id: 'main', name: '$${NOT_A_VAR}' }] } }");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("${NOT_A_VAR}", result.Config.Agents.List[0].Name);
    }

    [Fact]
    public void Syntax_error_reports_the_line()
    {
        var result = Load("{\n  gateway: { mode: 'local' }\n  agents: {}\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.Syntax, error.Kind);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Include_merges_files_and_sibling_keys_win()
    {
        var dir = Directory.CreateTempSubdirectory("openclaw-include-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "agents.json5"), "{ defaults: { maxConcurrent: 2, timeoutSeconds: 60 } }");
            File.WriteAllText(Path.Combine(dir, "more.json5"), "{ defaults: { maxConcurrent: 3 } }");

            var result = Load("{ agents: { $include: ['./agents.json5', './more.json5'], defaults: { timeoutSeconds: 90 } } }", dir: dir);

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(3, result.Config.Agents.Defaults.MaxConcurrent);
            Assert.Equal(90, result.Config.Agents.Defaults.TimeoutSeconds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Include_outside_the_config_directory_is_refused()
    {
        var result = Load("{ agents: { $include: '../../etc/passwd' } }", dir: Directory.CreateTempSubdirectory().FullName);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.Include, error.Kind);
        Assert.Equal("agents.$include", error.Path);
    }

    [Fact]
    public void Invalid_agent_id_and_model_reference_are_refused()
    {
        var result = Load("{ agents: { defaults: { model: 'gpt-5' }, list: [{ id: 'Bad Id!' }] } }");

        Assert.Contains(result.Errors, e => e.Path == "agents.list[0].id");
        Assert.Contains(result.Errors, e => e.Path == "agents.defaults.model" && e.Hint!.Contains("provider/model", StringComparison.Ordinal));
    }

    [Fact]
    public void Hash_changes_with_the_text()
    {
        Assert.NotEqual(Load("{}").Hash, Load("{ }").Hash);
        Assert.Equal(Load("{}").Hash, Load("{}").Hash);
    }
}
