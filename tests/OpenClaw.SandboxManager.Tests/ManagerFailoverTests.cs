using System.Diagnostics;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>
/// A manager process killed in the middle of an exec: the request is taken over by another manager (XAUTOCLAIM) and
/// answered, or fails cleanly once it has been delivered too often, and a live manager's long exec is never stolen.
/// </summary>
public sealed class ManagerFailoverTests : IAsyncLifetime
{
    private readonly StreamNames _streams = new();
    private SandboxTestEnvironment _env = null!;

    public async ValueTask InitializeAsync() => _env = await SandboxTestEnvironment.StartAsync();

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_request_of_a_killed_manager_is_retried_by_another_manager()
    {
        var spec = TestSpecs.Create(_env, "agent:failover");
        using var doomed = StartManagerProcess("manager-doomed");
        await WaitForGroupAsync();

        var requestId = await _env.Requester.PostAsync(new ExecRequest { Spec = spec, Command = "sleep 3; echo finished", TimeoutSeconds = 60 });
        await WaitUntilPendingAsync("manager-doomed");
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync(TestContext.Current.CancellationToken);
        var survivor = await _env.StartManagerAsync();

        var reply = await _env.Requester.WaitForReplyAsync(requestId, TimeSpan.FromSeconds(60));

        Assert.True(reply.Ok, reply.Error?.Message);
        Assert.Equal(survivor.InstanceId, reply.Manager);
        Assert.Equal("finished\n", Assert.IsType<ExecResult>(reply.Result).Stdout);
        Assert.Single(await _env.Requester.RepliesAsync(requestId));
    }

    [Fact]
    public async Task A_request_whose_managers_keep_dying_fails_cleanly()
    {
        var spec = TestSpecs.Create(_env, "agent:doomed");
        using var doomed = StartManagerProcess("manager-dies");
        await WaitForGroupAsync();
        var requestId = await _env.Requester.PostAsync(new ExecRequest { Spec = spec, Command = "sleep 30", TimeoutSeconds = 60 });
        await WaitUntilPendingAsync("manager-dies");
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync(TestContext.Current.CancellationToken);

        await _env.StartManagerAsync(settings: new Dictionary<string, string?> { ["OpenClaw:SandboxManager:MaxDeliveries"] = "1" });
        var reply = await _env.Requester.WaitForReplyAsync(requestId, TimeSpan.FromSeconds(60));

        Assert.False(reply.Ok);
        Assert.Equal(SandboxErrorCodes.ManagerFailed, reply.Error!.Code);
        var deadLetters = await _env.Connection.GetDatabase().StreamLengthAsync(_streams.DeadLetter);
        Assert.Equal(1, deadLetters);
    }

    [Fact]
    public async Task A_live_managers_long_exec_is_not_taken_over()
    {
        var spec = TestSpecs.Create(_env, "agent:longrun");
        var first = await _env.StartManagerAsync();
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = spec });

        // Runs for longer than the claim idle time (3 s) while a second manager watches for orphans.
        var requestId = await _env.Requester.PostAsync(new ExecRequest { Spec = spec, Command = "sleep 7; echo once >> /workspace/runs.log", TimeoutSeconds = 60 });
        await WaitUntilPendingAsync(first.InstanceId);
        await _env.StartManagerAsync();
        var reply = await _env.Requester.WaitForReplyAsync(requestId, TimeSpan.FromSeconds(60));
        var runs = await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "cat /workspace/runs.log" });

        Assert.Equal(first.InstanceId, reply.Manager);
        Assert.Equal("once\n", runs.Stdout);
    }

    [Fact]
    public async Task After_a_redis_restart_the_manager_serves_again()
    {
        var spec = TestSpecs.Create(_env, "agent:redisrestart");
        await _env.StartManagerAsync();
        await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "true" });

        await _env.Redis.KillAsync();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await _env.Redis.StartAgainAsync();
        SandboxReply? reply = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (reply is null && DateTime.UtcNow < deadline)
        {
            try
            {
                // The restarted Redis has no data (no persistence here): the manager must recreate its group.
                reply = await _env.Requester.SendAsync(new ExecRequest { Spec = spec, Command = "echo back" }, TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
            }
        }

        Assert.NotNull(reply);
        Assert.Equal("back\n", Assert.IsType<ExecResult>(reply.Result).Stdout);
    }

    private Process StartManagerProcess(string instanceId)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OpenClaw.SandboxManager.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__redis"] = _env.Redis.ConnectionString;
        start.Environment["OpenClaw__SandboxManager__InstanceId"] = instanceId;
        start.Environment["OpenClaw__SandboxManager__StateDir"] = _env.StateDir;
        start.Environment["OpenClaw__SandboxManager__PruneInterval"] = "00:00:00";
        start.Environment["OpenClaw__SandboxManager__PollInterval"] = "00:00:00.200";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the manager");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitForGroupAsync()
    {
        var db = _env.Connection.GetDatabase();
        await PollAsync(async () =>
        {
            try
            {
                // Redis only lists a consumer once it has read something, so the group's existence is the sign of life.
                return (await db.StreamGroupInfoAsync(_streams.SandboxRequests)).Any(g => g.Name == StreamNames.SandboxManagerGroup);
            }
            catch (RedisServerException)
            {
                return false;
            }
        }, "the manager process to create the consumer group");
    }

    private async Task WaitUntilPendingAsync(string consumer)
    {
        var db = _env.Connection.GetDatabase();
        await PollAsync(async () =>
            (await db.StreamPendingAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup)).Consumers.Any(c => c.Name == consumer && c.PendingMessageCount > 0),
            $"{consumer} to pick up the request");
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"timed out waiting for {what}");
    }
}
