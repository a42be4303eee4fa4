using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>Turns a resource into a running process or container.</summary>
internal sealed class ResourceLauncher(DockerEngine docker, string buildConfiguration, string dataRoot)
{
    public async Task<IRunningResource> StartAsync(ResourceRuntime runtime, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        return runtime.Resource switch
        {
            ProjectResource project => StartProject(project, runtime, environment),
            RedisResource redis => await StartRedisAsync(redis, runtime, environment, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Resource type {runtime.Resource.GetType().Name} cannot be started."),
        };
    }

    private IRunningResource StartProject(ProjectResource project, ResourceRuntime runtime, IReadOnlyDictionary<string, string> environment)
    {
        var assembly = project.AssemblyPath(buildConfiguration);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} does not exist: build failed or was skipped (run `dotnet build {project.ProjectFile}`).");
        }

        // The apphost executable next to the dll starts a little faster than `dotnet <dll>`.
        var executable = Path.Combine(project.OutputDirectory(buildConfiguration), project.ProjectName);
        var (fileName, args) = File.Exists(executable)
            ? (executable, project.Args)
            : ("dotnet", [assembly, .. project.Args]);
        return RunningProcess.Start(fileName, args, environment, Path.GetDirectoryName(project.ProjectFile)!, runtime.Logs);
    }

    private async Task<IRunningResource> StartRedisAsync(RedisResource redis, ResourceRuntime runtime, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var redisServer = FindOnPath("redis-server");
        if (redis.Mode is RedisMode.Auto)
        {
            redis.Mode = redisServer is not null || !await docker.PingAsync(cancellationToken).ConfigureAwait(false)
                ? RedisMode.Executable
                : RedisMode.Container;
        }

        if (redis.Mode is RedisMode.Container)
        {
            return await StartRedisContainerAsync(redis, runtime, cancellationToken).ConfigureAwait(false);
        }

        if (redisServer is null)
        {
            throw new InvalidOperationException(
                "redis-server is not on PATH and no Docker engine answers: install Redis (`eng/prereqs.sh` or `apt-get install redis-server`) or start Docker and use `--redis container`.");
        }

        var dataDirectory = Directory.CreateDirectory(Path.Combine(dataRoot, redis.Name)).FullName;
        return RunningProcess.Start(redisServer, ["-", .. redis.ServerArgs(dataDirectory)], environment, dataDirectory, runtime.Logs,
            standardInput: $"requirepass {redis.Password}\n");
    }

    private async Task<IRunningResource> StartRedisContainerAsync(RedisResource redis, ResourceRuntime runtime, CancellationToken cancellationToken)
    {
        if (!await docker.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Redis was asked to run as a container, but {DockerEngine.NoEngineFix["disabled: ".Length..]}");
        }

        if (!await docker.ImageExistsAsync(redis.Image, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"image {redis.Image} is not on this Docker engine: `docker pull {redis.Image}` (or pass another with --redis-image).");
        }

        var name = $"openclaw-apphost-{redis.Name}-{redis.Port}";
        var command = $"exec redis-server {string.Join(' ', redis.ServerArgs("/data").Select(a => a.Length == 0 ? "''" : a))} --requirepass \"$REDIS_PASSWORD\"";
        var id = await docker.RunAsync(name, redis.Image, ["sh", "-c", command], new Dictionary<string, string> { ["REDIS_PASSWORD"] = redis.Password }, cancellationToken)
            .ConfigureAwait(false);
        return new RunningContainer(docker, id, runtime.Logs);
    }

    public static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A container the AppHost created; removed again when stopped.</summary>
internal sealed class RunningContainer : IRunningResource
{
    private readonly DockerEngine _docker;
    private readonly string _id;
    private readonly CancellationTokenSource _logs = new();

    public RunningContainer(DockerEngine docker, string id, ConsoleLogBuffer logs)
    {
        _docker = docker;
        _id = id;
        Exited = docker.WaitAsync(id, CancellationToken.None);
        _ = docker.FollowLogsAsync(id, logs, _logs.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public int? Pid => null;

    public Task<int> Exited { get; }

    public async Task StopAsync(TimeSpan grace)
    {
        await _docker.StopAndRemoveAsync(_id, grace).ConfigureAwait(false);
        await _logs.CancelAsync().ConfigureAwait(false);
        _logs.Dispose();
    }
}
