using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.SandboxManager.Requests;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Tests.Infrastructure;

/// <summary>
/// A real Redis, a real Docker engine and a SandboxManager host in-process, with a container prefix and a state
/// directory of its own. Disposing removes every container with the prefix.
/// </summary>
public sealed class SandboxTestEnvironment : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private SandboxTestEnvironment(RedisServer redis, ConnectionMultiplexer connection, DockerClient docker, string prefix, string stateDir)
    {
        Redis = redis;
        Connection = connection;
        Docker = docker;
        Prefix = prefix;
        StateDir = stateDir;
        Requester = new SandboxRequester(connection);
    }

    public RedisServer Redis { get; }

    public ConnectionMultiplexer Connection { get; }

    public DockerClient Docker { get; }

    /// <summary>Unique container prefix of this environment, e.g. <c>octest-3f9a1c-</c>.</summary>
    public string Prefix { get; }

    /// <summary>A temp directory playing <c>~/.openclaw</c>.</summary>
    public string StateDir { get; }

    public SandboxRequester Requester { get; }

    public static async Task<SandboxTestEnvironment> StartAsync()
    {
        var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        try
        {
            await docker.System.PingAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException)
        {
            docker.Dispose();
            Assert.Skip($"no Docker engine answers on /var/run/docker.sock ({ex.Message}); run eng/prereqs.sh");
        }

        var redis = await RedisServer.StartAsync();
        var connection = await redis.ConnectAsync();
        var prefix = $"octest-{Guid.NewGuid().ToString("N")[..6]}-";
        var stateDir = Directory.CreateTempSubdirectory("openclaw-sbx-state-").FullName;
        return new SandboxTestEnvironment(redis, connection, docker, prefix, stateDir);
    }

    /// <summary>Starts a manager in this process; options override the test defaults (fast claim and heartbeat).</summary>
    public async Task<SandboxRequestConsumer> StartManagerAsync(TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = Redis.ConnectionString,
            ["OpenClaw:SandboxManager:StateDir"] = StateDir,
            ["OpenClaw:SandboxManager:PruneInterval"] = "00:00:00",
            ["OpenClaw:SandboxManager:HeartbeatInterval"] = "00:00:00.500",
            ["OpenClaw:SandboxManager:ClaimIdleTime"] = "00:00:03",
            ["OpenClaw:SandboxManager:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddRedisClient("redis", s => s.DisableHealthChecks = true);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddSandboxDocker();
        builder.AddSandboxRequests();
        builder.AddSandboxPruning();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        _hosts.Add(host);
        return host.Services.GetRequiredService<SandboxRequestConsumer>();
    }

    public async Task StopManagersAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        _hosts.Clear();
    }

    public async Task<IList<ContainerListResponse>> ContainersAsync() =>
        (await Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
            .Where(c => c.Names.Any(n => n.TrimStart('/').StartsWith(Prefix, StringComparison.Ordinal)))
            .ToList();

    public Task<ContainerInspectResponse> InspectAsync(string name) => Docker.Containers.InspectContainerAsync(name);

    public async ValueTask DisposeAsync()
    {
        await StopManagersAsync();
        foreach (var container in await ContainersAsync())
        {
            await Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        Docker.Dispose();
        await Connection.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Files made by the container user may resist; a leftover temp folder is harmless.
        }
    }

    public static FakeTimeProvider FakeClock() => new(DateTimeOffset.UtcNow);
}
