using System.Formats.Tar;
using System.Text;
using Docker.DotNet.Models;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>
/// Custom images may lack perl (the warm runner's interpreter): every command then runs as a plain Engine API exec
/// with the same behaviour. Also: many concurrent commands on one container (more than the warm runners it keeps).
/// </summary>
public sealed class PlainExecFallbackTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;
    private string _image = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        await _env.StartManagerAsync();
        _image = $"openclaw-sandbox-noperl:{_env.Prefix.TrimEnd('-')}";
        await BuildImageAsync(_image, "FROM openclaw-sandbox:bookworm-slim\nRUN rm -f /usr/bin/perl /usr/bin/perl5*\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _env.StopManagersAsync();
        foreach (var container in await _env.ContainersAsync())
        {
            await _env.Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        await _env.Docker.Images.DeleteImageAsync(_image, new ImageDeleteParameters { Force = true });
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task Without_perl_exec_stdin_env_timeout_and_files_still_work()
    {
        var spec = TestSpecs.Create(_env, "agent:noperl") with { Image = _image };

        var basic = await Exec(spec, "command -v perl || echo no-perl; echo \"$X\"; cat; exit 3", stdin: "in", env: new Dictionary<string, string> { ["X"] = "x" });
        var timeout = await Exec(spec, "sleep 300 & sleep 301", timeoutSeconds: 2);
        var leftovers = await Exec(spec, "for p in /proc/[0-9]*; do cat $p/cmdline 2>/dev/null | tr '\\0' ' '; echo; done | grep -c '^sleep 30' || true");
        await _env.Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = spec, Path = "a.txt", Content = "plain" });
        var read = await _env.Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = spec, Path = "a.txt" });

        Assert.Equal(("no-perl\nx\nin", 3), (basic.Stdout, basic.ExitCode));
        Assert.True(timeout.TimedOut);
        Assert.Equal("0", leftovers.Stdout.Trim());
        Assert.Equal("plain", read.Content);
    }

    [Fact]
    public async Task Many_concurrent_commands_on_one_container_each_get_their_own_output()
    {
        var spec = TestSpecs.Create(_env, "agent:concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Exec(spec, $"sleep 1; echo {i}; echo e{i} >&2; exit {i}")));

        Assert.Equal(Enumerable.Range(0, 12).Select(i => ($"{i}\n", $"e{i}\n", i)), results.Select(r => (r.Stdout, r.Stderr, r.ExitCode)));
    }

    [Fact]
    public async Task A_command_that_kills_its_runner_fails_cleanly_and_the_next_command_works()
    {
        var spec = TestSpecs.Create(_env, "agent:selfkill");
        await Exec(spec, "true");

        var killed = await _env.Requester.SendAsync(new ExecRequest { Spec = spec, Command = "kill -9 $PPID; sleep 5" });
        var next = await Exec(spec, "echo still-here");

        Assert.False(killed.Ok);
        Assert.Contains("exec session ended", killed.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("still-here\n", next.Stdout);
    }

    private Task<ExecResult> Exec(SandboxSpec spec, string command, string? stdin = null, IReadOnlyDictionary<string, string>? env = null, int timeoutSeconds = 60) =>
        _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = command, Stdin = stdin, Env = env, TimeoutSeconds = timeoutSeconds });

    private async Task BuildImageAsync(string tag, string dockerfile)
    {
        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) };
            await tar.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
        }

        context.Position = 0;
        await _env.Docker.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [tag], NetworkMode = "none", Remove = true, ForceRemove = true },
            context, null, null, new Progress<JSONMessage>(), TestContext.Current.CancellationToken);
        Assert.NotNull(await _env.Docker.Images.InspectImageAsync(tag, TestContext.Current.CancellationToken));
    }
}
