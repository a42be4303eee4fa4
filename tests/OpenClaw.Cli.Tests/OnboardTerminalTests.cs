using System.Diagnostics;
using OpenClaw.Fakes.Models;

namespace OpenClaw.Cli.Tests;

/// <summary>The onboarding wizard answered through a real pseudo-terminal (a tmux session), like a user at a keyboard.</summary>
public sealed class OnboardTerminalTests : IDisposable
{
    private readonly TempState _state = new();
    private readonly string _socket = "openclaw-cli-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_wizard_asks_its_questions_and_writes_the_answers()
    {
        if (await TmuxAsync("-V") is not (0, _))
        {
            Assert.Skip("tmux is not installed");
        }

        await using var ollama = await FakeOpenAiServer.StartNewAsync(apiKey: null);
        var exitFile = Path.Combine(_state.Home, "exit-code");
        var script = Path.Combine(_state.Home, "run.sh");
        File.WriteAllText(script, $"""
            #!/bin/sh
            export HOME='{_state.Home}' OPENCLAW_STATE_DIR='{_state.StateDir}' OLLAMA_HOST='{ollama.Url}'
            unset OPENCLAW_GATEWAY_TOKEN OPENCLAW_CONFIG_PATH NO_COLOR
            dotnet '{CliProcess.CliDll}' onboard
            echo $? > '{exitFile}'
            sleep 60
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(0, (await TmuxAsync("new-session", "-d", "-s", "wizard", "-x", "200", "-y", "50", script)).Code);

        await AnswerAsync("I understand. Continue?", "y", "Enter");
        await AnswerAsync("Gateway port:", "19555", "Enter");
        await AnswerAsync("Gateway bind", "Enter");
        await AnswerAsync("(detected, 1 models)", "Enter");
        await AnswerAsync("Model:", "Enter");
        await AnswerAsync("First chat channel:", "Down", "Enter");
        await AnswerAsync("telegram bot token:", "999:TYPED-IN-TTY", "Enter");
        await AnswerAsync("Sandbox (run tools in Docker):", "Down", "Enter");
        await AnswerAsync("Workspace directory:", "Enter");
        var screen = await WaitForAsync("Next: openclaw gateway run");

        await WaitForFileAsync(exitFile);
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
        Assert.DoesNotContain("TYPED-IN-TTY", screen, StringComparison.Ordinal);
        var config = _state.ReadConfig();
        Assert.Contains("port: 19555", config, StringComparison.Ordinal);
        Assert.Contains("botToken: \"999:TYPED-IN-TTY\"", config, StringComparison.Ordinal);
        Assert.Contains("primary: \"ollama/gpt-test\"", config, StringComparison.Ordinal);
        Assert.Contains("mode: \"off\"", config, StringComparison.Ordinal);
        Assert.Matches("token: \"[0-9a-f]{64}\"", config);
        Assert.True(File.Exists(Path.Combine(_state.StateDir, "workspace", "AGENTS.md")));
    }

    private async Task AnswerAsync(string prompt, params string[] keys)
    {
        await WaitForAsync(prompt);
        foreach (var key in keys)
        {
            // Literal text with -l; key names (Enter, Down) without.
            var literal = key is not ("Enter" or "Down" or "Up");
            Assert.Equal(0, (await TmuxAsync(literal ? ["send-keys", "-t", "wizard", "-l", key] : ["send-keys", "-t", "wizard", key])).Code);
        }
    }

    private async Task<string> WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = (await TmuxAsync("capture-pane", "-p", "-t", "wizard", "-S", "-200")).Output;
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"the wizard never showed '{text}'. Screen:\n{screen}");
    }

    private static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !(File.Exists(path) && File.ReadAllText(path).Trim().Length > 0))
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private async Task<(int Code, string Output)> TmuxAsync(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }

    public void Dispose()
    {
        TmuxAsync("kill-server").GetAwaiter().GetResult();
        _state.Dispose();
    }
}
