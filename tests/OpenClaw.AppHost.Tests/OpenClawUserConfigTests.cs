using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Tests;

public sealed class OpenClawUserConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openclaw-config-").FullName;

    [Fact]
    public void Channels_are_enabled_unless_they_say_enabled_false_and_json5_comments_and_trailing_commas_are_fine()
    {
        var config = Load("""
            {
              // channels the user set up
              "channels": {
                "telegram": { "botToken": "1:x", },
                "discord": { "enabled": false },
                "slack": { "enabled": true, /* inline */ },
              },
              "gateway": { "auth": { "token": "from-config" } },
            }
            """);

        Assert.Null(config.Problem);
        Assert.Equal(["telegram", "slack"], config.EnabledChannels);
        Assert.Equal("from-config", config.GatewayToken);
    }

    [Fact]
    public void A_missing_file_means_no_channels_and_no_problem()
    {
        var config = OpenClawUserConfig.Load(Path.Combine(_directory, "absent.json"));

        Assert.Empty(config.EnabledChannels);
        Assert.Null(config.Problem);
        Assert.Null(config.GatewayToken);
    }

    [Fact]
    public void A_broken_file_is_reported_with_its_path_and_line_and_a_fix()
    {
        var config = Load("{\n  \"channels\": {\n    \"telegram\": { \"botToken\": }\n  }\n}");

        Assert.Empty(config.EnabledChannels);
        Assert.Contains(Path.Combine(_directory, "openclaw.json"), config.Problem, StringComparison.Ordinal);
        Assert.Contains("line 3", config.Problem, StringComparison.Ordinal);
        Assert.Contains("openclaw doctor", config.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private OpenClawUserConfig Load(string text)
    {
        var path = Path.Combine(_directory, "openclaw.json");
        File.WriteAllText(path, text);
        return OpenClawUserConfig.Load(path);
    }
}
