using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>The exec tool in a sandbox: output, exit codes, stdin, env, workdir, timeouts and bounded output.</summary>
public sealed class ExecTests(OneSandboxFixture sandbox) : IClassFixture<OneSandboxFixture>
{
    [Fact]
    public async Task Exec_returns_stdout_stderr_and_exit_code()
    {
        var result = await sandbox.ExecAsync("echo out; echo err >&2; exit 7");

        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal(7, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task Exec_passes_stdin_env_and_workdir()
    {
        await sandbox.ExecAsync("mkdir -p /workspace/sub");

        var result = await sandbox.ExecAsync("pwd; echo \"$GREETING\"; cat", stdin: "from stdin", env: new Dictionary<string, string> { ["GREETING"] = "hello sandbox" }, workdir: "sub");

        Assert.Equal("/workspace/sub\nhello sandbox\nfrom stdin", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Exec_does_not_inherit_the_host_environment_but_has_the_spec_env()
    {
        var result = await sandbox.ExecAsync("echo \"lang=$LANG\"; env | grep -c '^ConnectionStrings' || true");

        Assert.StartsWith("lang=C.UTF-8\n0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_PATH_is_prepended_after_the_login_shell_resets_it()
    {
        await sandbox.ExecAsync("mkdir -p /workspace/bin && printf '#!/bin/sh\\necho custom tool\\n' > /workspace/bin/mytool && chmod +x /workspace/bin/mytool");

        var result = await sandbox.ExecAsync("mytool; echo $PATH", env: new Dictionary<string, string> { ["PATH"] = "/workspace/bin" });

        Assert.StartsWith("custom tool\n/workspace/bin:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/usr/bin", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree()
    {
        var result = await sandbox.ExecAsync("sleep 300 & sleep 301; echo never", timeoutSeconds: 2);

        Assert.True(result.TimedOut);
        Assert.DoesNotContain("never", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("timed out after 2 seconds", result.Stderr, StringComparison.Ordinal);
        var left = await sandbox.ExecAsync("for p in /proc/[0-9]*; do cat $p/cmdline 2>/dev/null | tr '\\0' ' '; echo; done | grep -c '^sleep 30' || true");
        Assert.Equal("0", left.Stdout.Trim());
    }

    [Fact]
    public async Task Large_output_is_bounded_with_a_truncation_marker()
    {
        var result = await sandbox.ExecAsync("head -c 300000 /dev/zero | tr '\\0' 'x'; echo done >&2", maxOutputBytes: 10_000);

        Assert.True(result.Truncated);
        Assert.StartsWith(new string('x', 10_000) + "\n[output truncated: 290000 more bytes]", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("done\n", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Malformed_requests_get_an_error_reply_and_the_manager_keeps_serving()
    {
        var requester = sandbox.Env.Requester;
        var badEnvelope = """{"v":1,"id":"01BADREQUEST0000000000000","type":"sandbox.request","createdAt":"2026-01-01T00:00:00Z","payload":{"op":"teleport","replyTo":"test-gateway"}}""";
        await requester.SendRawAsync(new StackExchange.Redis.NameValueEntry("envelope", badEnvelope));
        await requester.SendRawAsync(new StackExchange.Redis.NameValueEntry("envelope", "not json at all"));
        await requester.SendRawAsync(new StackExchange.Redis.NameValueEntry("something", "else"));
        var missingSpec = """{"v":1,"id":"01BADREQUEST0000000000001","type":"sandbox.request","createdAt":"2026-01-01T00:00:00Z","payload":{"op":"exec","replyTo":"test-gateway","command":"true"}}""";
        await requester.SendRawAsync(new StackExchange.Redis.NameValueEntry("envelope", missingSpec));

        var unknownOp = await requester.WaitForReplyAsync("01BADREQUEST0000000000000");
        var noSpec = await requester.WaitForReplyAsync("01BADREQUEST0000000000001");

        Assert.False(unknownOp.Ok);
        Assert.Equal(SandboxErrorCodes.BadRequest, unknownOp.Error!.Code);
        Assert.Contains("malformed sandbox request", unknownOp.Error.Message, StringComparison.Ordinal);
        Assert.False(noSpec.Ok);
        Assert.Equal(SandboxErrorCodes.BadRequest, noSpec.Error!.Code);
        var stillServing = await sandbox.ExecAsync("echo alive");
        Assert.Equal("alive\n", stillServing.Stdout);
    }

    [Fact]
    public async Task An_expired_request_is_not_run()
    {
        var reply = await sandbox.Env.Requester.SendAsync(new ExecRequest
        {
            Spec = sandbox.Spec,
            Command = "touch /workspace/expired-ran",
            ExpiresAtMs = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(),
        });

        Assert.Equal(SandboxErrorCodes.Expired, reply.Error?.Code);
        var check = await sandbox.ExecAsync("test -e /workspace/expired-ran && echo ran || echo not-run");
        Assert.Equal("not-run\n", check.Stdout);
    }
}
