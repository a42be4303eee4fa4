using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>
/// The escape suite: with upstream's defaults (workspaceAccess none, network none, capDrop ALL, no-new-privileges,
/// read-only root) a sandboxed command cannot see the host's state, reach the network or write outside /workspace.
/// </summary>
public sealed class EscapeTests(OneSandboxFixture sandbox) : IClassFixture<OneSandboxFixture>
{
    [Fact]
    public async Task The_hosts_openclaw_state_is_unreachable()
    {
        var secret = $"secret-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(sandbox.Env.StateDir, "openclaw.json"), $"{{ token: \"{secret}\" }}", TestContext.Current.CancellationToken);

        var result = await sandbox.ExecAsync(
            $"cat '{sandbox.Env.StateDir}/openclaw.json' 2>&1; ls -a /workspace/..; grep -rs '{secret}' / --exclude-dir=proc --exclude-dir=sys 2>/dev/null | head -1; echo end");

        Assert.DoesNotContain(secret, result.Stdout.Replace($"grep -rs '{secret}'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("No such file or directory", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("end\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosts_etc_shadow_is_not_the_one_the_sandbox_sees()
    {
        string hostShadow;
        try
        {
            hostShadow = await File.ReadAllTextAsync("/etc/shadow", TestContext.Current.CancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            Assert.Skip("the test user cannot read the host's /etc/shadow to compare");
            return;
        }

        var result = await sandbox.ExecAsync("cat /etc/shadow 2>&1 || true");

        var hostRoot = hostShadow.Split('\n').First(l => l.StartsWith("root:", StringComparison.Ordinal));
        Assert.DoesNotContain(hostRoot, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_none_has_only_the_loopback_interface_and_outbound_connections_fail()
    {
        var interfaces = await sandbox.ExecAsync("ls /sys/class/net");
        // 192.0.2.1 is TEST-NET-1: nothing answers there even if a route existed.
        var outbound = await sandbox.ExecAsync("bash -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>&1; echo \"exit=$?\"", timeoutSeconds: 30);
        var dns = await sandbox.ExecAsync("getent hosts example.com; echo \"exit=$?\"", timeoutSeconds: 30);

        Assert.Equal("lo\n", interfaces.Stdout);
        Assert.Contains("Network is unreachable", outbound.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("exit=1\n", outbound.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("exit=0", dns.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capabilities_are_dropped_and_privileges_cannot_be_regained()
    {
        var status = await sandbox.ExecAsync("grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs)' /proc/self/status");
        var chown = await sandbox.ExecAsync("touch /workspace/owned && chown 1234 /workspace/owned 2>&1; echo \"exit=$?\"");

        Assert.Contains("CapEff:\t0000000000000000", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("CapBnd:\t0000000000000000", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("NoNewPrivs:\t1", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Operation not permitted", chown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_outside_workspace_fails_on_the_read_only_root_but_workspace_and_tmp_are_writable()
    {
        var result = await sandbox.ExecAsync(
            "for p in /etc/evil /usr/bin/evil /root/evil /evil; do (echo x > $p) 2>/dev/null && echo \"wrote $p\" || echo \"refused $p\"; done; " +
            "echo x > /workspace/ok && echo wrote-workspace; echo x > /tmp/ok && echo wrote-tmp");

        Assert.Equal(
            "refused /etc/evil\nrefused /usr/bin/evil\nrefused /root/evil\nrefused /evil\nwrote-workspace\nwrote-tmp\n",
            result.Stdout);
    }

    [Fact]
    public async Task The_docker_socket_is_not_inside()
    {
        var result = await sandbox.ExecAsync("ls /var/run/docker.sock /run/docker.sock 2>&1 | grep -c 'No such file'");

        Assert.Equal("2", result.Stdout.Trim());
    }
}
