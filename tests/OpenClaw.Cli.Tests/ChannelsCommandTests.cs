using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Tests;

/// <summary><c>openclaw channels list|add|remove|login</c>: local config edits and the errors a user meets.</summary>
public sealed class ChannelsCommandTests : IDisposable
{
    private readonly TempState _state = new();

    [Fact]
    public async Task Add_list_and_remove_a_telegram_bot_keeping_comments()
    {
        _state.WriteConfig("{\n  // my gateway\n  gateway: { mode: 'local' },\n}\n");

        var add = await CliProcess.RunAsync(_state.Env, "channels", "add", "--channel", "telegram", "--token", "123:ABC");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.StartsWith($"Added telegram (default account) to {_state.ConfigPath}.", add.Stdout, StringComparison.Ordinal);

        var second = await CliProcess.RunAsync(_state.Env, "channels", "add", "--channel", "telegram", "--token", "456:DEF", "--account", "work");
        Assert.Equal(0, second.ExitCode);

        var list = JsonNode.Parse((await CliProcess.RunAsync(_state.Env, "channels", "list", "--json")).Stdout)!;
        Assert.Contains(list["channels"]!.AsArray(), c => (string?)c!["accountId"] == "work" && (bool)c["tokenConfigured"]!);
        Assert.Contains("// my gateway", _state.ReadConfig(), StringComparison.Ordinal);
        Assert.Contains("botToken: \"123:ABC\"", _state.ReadConfig(), StringComparison.Ordinal);

        var remove = await CliProcess.RunAsync(_state.Env, "channels", "remove", "--channel", "telegram");
        Assert.Equal(0, remove.ExitCode);
        var table = await CliProcess.RunAsync(_state.Env, "channels", "list");
        Assert.Contains("telegram", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("no", table.Stdout, StringComparison.Ordinal);

        var delete = await CliProcess.RunAsync(_state.Env, "channels", "remove", "--channel", "telegram", "--delete");
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("No channels configured", (await CliProcess.RunAsync(_state.Env, "channels", "list")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("telegramm", "unknown channel 'telegramm': use one of telegram, discord, slack")]
    [InlineData("whatsapp", "channel 'whatsapp' is not available in OpenClaw.NET yet; supported channels: telegram, discord, slack")]
    public async Task An_unknown_channel_is_one_line_naming_the_choices(string channel, string message)
    {
        var result = await CliProcess.RunAsync(_state.Env, "channels", "add", "--channel", channel, "--token", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Stderr.Trim());
        Assert.False(File.Exists(_state.ConfigPath));
    }

    [Fact]
    public async Task Slack_needs_a_token()
    {
        var result = await CliProcess.RunAsync(_state.Env, "channels", "add", "--channel", "slack");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("--token is required for slack", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_of_a_token_channel_says_how_to_add_it()
    {
        var result = await CliProcess.RunAsync(_state.Env, "channels", "login", "--channel", "telegram");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("telegram has no QR login: it uses a bot token. Run: openclaw channels add --channel telegram --token <token>", result.Stderr.Trim());
    }

    [Fact]
    public void The_login_qr_is_printed_as_terminal_blocks()
    {
        var qr = Commands.ChannelLogin.RenderQr("2@abcdefghijklmnop,xyz");

        var lines = qr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 10);
        Assert.Contains('█', qr);
        Assert.All(lines, l => Assert.Equal(lines[0].TrimEnd('\r').Length, l.TrimEnd('\r').Length));
    }

    public void Dispose() => _state.Dispose();
}
