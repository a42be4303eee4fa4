using System.Diagnostics;
using System.Text.Json;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Tools;

public sealed class ExecToolTests
{
    [Fact]
    public async Task Exec_runs_in_the_workspace_and_returns_output()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("exec", new { command = "echo hello > made.txt; pwd; echo err >&2" });

        Assert.False(result.IsError, result.Text);
        Assert.Contains(harness.Workspace, result.Text, StringComparison.Ordinal);
        Assert.Contains("err", result.Text, StringComparison.Ordinal);
        Assert.Equal("hello\n", await File.ReadAllTextAsync(harness.PathIn("made.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Exec_reports_a_nonzero_exit_code()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("exec", new { command = "echo out; exit 3" });

        Assert.Contains("(Command exited with code 3)", result.Text, StringComparison.Ordinal);
        Assert.Equal(3, result.Details!.Value.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Exec_timeout_kills_the_whole_process_group_and_returns_promptly()
    {
        await using var harness = new ToolHarness();
        var marker = $"openclaw-timeout-{Guid.NewGuid():N}";

        // A shell with a child that ignores the shell's death: only a process-group kill takes both.
        var stopwatch = Stopwatch.StartNew();
        var result = await harness.InvokeAsync("exec", new { command = $"(exec -a {marker} sleep 100) & sleep 100", timeout = 1 });
        stopwatch.Stop();

        Assert.True(result.IsError);
        Assert.Contains("timed out after 1 seconds", result.Text, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"exec returned after {stopwatch.Elapsed}");
        Assert.Empty(await PgrepAsync(marker));
    }

    [Fact]
    public async Task Exec_of_sleep_100_with_timeout_1_leaves_no_process()
    {
        await using var harness = new ToolHarness();
        var workdir = $"w-{Guid.NewGuid():N}";
        Directory.CreateDirectory(harness.PathIn(workdir));

        var stopwatch = Stopwatch.StartNew();
        var result = await harness.InvokeAsync("exec", new { command = "sleep 100", timeout = 1, workdir });
        stopwatch.Stop();

        Assert.True(result.IsError);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"exec returned after {stopwatch.Elapsed}");
        Assert.Empty(await ProcessesInAsync(harness.PathIn(workdir)));
    }

    [Fact]
    public async Task A_foreground_command_leaves_no_stray_children_behind()
    {
        await using var harness = new ToolHarness();
        var marker = $"openclaw-stray-{Guid.NewGuid():N}";

        var result = await harness.InvokeAsync("exec", new { command = $"(exec -a {marker} sleep 60) & echo parent-done" });

        Assert.Equal("parent-done\n", result.Text);
        Assert.Empty(await PgrepAsync(marker));
    }

    [Fact]
    public async Task Background_exec_is_listed_by_process_and_its_output_is_in_the_log()
    {
        await using var harness = new ToolHarness();
        var started = await harness.InvokeAsync("exec", new { command = "for i in 1 2 3; do echo line-$i; done; sleep 30", background = true });

        Assert.Contains("Command still running", started.Text, StringComparison.Ordinal);
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;
        var pid = started.Details!.Value.GetProperty("pid").GetInt32();
        Assert.True(IsAlive(pid));

        var list = await harness.InvokeAsync("process", new { action = "list" });
        Assert.Contains(sessionId, list.Text, StringComparison.Ordinal);
        Assert.Contains("running", list.Text, StringComparison.Ordinal);

        var log = await PollUntilAsync(() => harness.InvokeAsync("process", new { action = "log", sessionId }), r => r.Text.Contains("line-3", StringComparison.Ordinal));
        Assert.Equal("line-1\nline-2\nline-3", log.Text);

        var killed = await harness.InvokeAsync("process", new { action = "kill", sessionId });
        Assert.Contains("Killed", killed.Text, StringComparison.Ordinal);
        Assert.False(IsAlive(pid));
        var after = await harness.InvokeAsync("process", new { action = "list" });
        Assert.Contains("killed", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_yields_after_yieldMs_and_poll_reports_the_exit()
    {
        await using var harness = new ToolHarness();
        var started = await harness.InvokeAsync("exec", new { command = "sleep 1; echo done-now", yieldMs = 100 });
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;

        var poll = await PollUntilAsync(() => harness.InvokeAsync("process", new { action = "poll", sessionId }), r => r.Text.Contains("exited", StringComparison.Ordinal));
        Assert.Contains("Process exited with code 0.", poll.Text, StringComparison.Ordinal);
        var log = await harness.InvokeAsync("process", new { action = "log", sessionId });
        Assert.Equal("done-now", log.Text);
    }

    [Fact]
    public async Task Process_poll_with_timeout_waits_for_the_exit()
    {
        await using var harness = new ToolHarness();
        var started = await harness.InvokeAsync("exec", new { command = "sleep 1; echo finished", background = true });
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;

        var poll = await harness.InvokeAsync("process", new { action = "poll", sessionId, timeout = 30_000 });

        Assert.Equal("finished\n\nProcess exited with code 0.", poll.Text);
    }

    [Fact]
    public async Task Process_write_feeds_stdin_of_a_background_command()
    {
        await using var harness = new ToolHarness();
        var started = await harness.InvokeAsync("exec", new { command = "read name; echo \"hi $name\" > greeting.txt", background = true });
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;

        await harness.InvokeAsync("process", new { action = "write", sessionId, data = "claw\n", eof = true });

        await PollUntilAsync(() => Task.FromResult(File.Exists(harness.PathIn("greeting.txt"))), exists => exists);
        Assert.Equal("hi claw\n", await File.ReadAllTextAsync(harness.PathIn("greeting.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Process_of_another_agent_is_not_visible()
    {
        await using var harness = new ToolHarness();
        var started = await harness.InvokeAsync("exec", new { command = "sleep 30", background = true });
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;

        var other = harness.Context("agent:work:main", "work");
        var poll = await harness.InvokeAsync("process", new { action = "poll", sessionId }, other);
        Assert.True(poll.IsError);
        Assert.Equal($"No session found for {sessionId}", poll.Text);
        await harness.InvokeAsync("process", new { action = "remove", sessionId });
    }

    [Fact]
    public async Task Host_exec_refuses_PATH_and_LD_overrides()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("exec", new { command = "echo hi", env = new Dictionary<string, string> { ["LD_PRELOAD"] = "/tmp/x.so" } });

        Assert.True(result.IsError);
        Assert.Contains("LD_PRELOAD", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_output_is_truncated_with_a_marker()
    {
        await using var harness = new ToolHarness(new() { ["OpenClaw:Tools:MaxOutputChars"] = "1000" });
        var result = await harness.InvokeAsync("exec", new { command = "head -c 5000 /dev/zero | tr '\\0' 'x'" });

        Assert.StartsWith(new string('x', 1000), result.Text, StringComparison.Ordinal);
        Assert.Contains("[output truncated: 4000 more characters not shown]", result.Text, StringComparison.Ordinal);
    }

    internal static async Task<T> PollUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    internal static bool IsAlive(int pid)
    {
        // A zombie (exited, not yet reaped) counts as gone.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<List<int>> PgrepAsync(string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<int> found;
        do
        {
            found = [.. Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .Where(pid => pid > 0 && IsAlive(pid) && ReadCmdline(pid).Contains(pattern, StringComparison.Ordinal))];
            if (found.Count == 0)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        return found;
    }

    internal static async Task<List<int>> ProcessesInAsync(string directory)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<int> found;
        do
        {
            found = [.. Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .Where(pid => pid > 0 && IsAlive(pid) && CwdOf(pid) == directory)];
            if (found.Count == 0)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        return found;
    }

    private static string ReadCmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string? CwdOf(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(false)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
