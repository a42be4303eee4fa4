using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>
/// Starts the app model: dashboard first, then every resource once the resources it waits for are
/// Running and healthy; tracks states, polls health, restarts on request and stops everything
/// (process trees included) when the AppHost shuts down.
/// </summary>
public sealed partial class Orchestrator : IHostedService, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly DistributedApplicationBuilder _model;
    private readonly ILogger _logger;
    private readonly ResourceLauncher _launcher;
    private readonly HealthProbe _health;
    private readonly ServiceBuild _build;
    private Task<string?> _serviceBuild = Task.FromResult<string?>(null);
    private readonly HttpClient _http = new();
    private readonly DockerEngine _docker = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("openclaw-apphost-").FullName;
    private readonly bool _development;
    private readonly Lock _stateLogLock = new();
    private List<Action>? _heldStateLog = [];
    private Task _startup = Task.CompletedTask;

    public Orchestrator(DistributedApplicationBuilder model, IHostEnvironment environment, ILoggerFactory loggers)
    {
        _model = model;
        _development = environment.IsDevelopment();
        _logger = loggers.CreateLogger("OpenClaw.AppHost.Resources");
        _launcher = new ResourceLauncher(_docker, model.BuildConfiguration, _dataRoot);
        _health = new HealthProbe(_http);
        _build = new ServiceBuild(Path.GetFullPath(Path.Combine(model.AppHostDirectory, "..")), model.AppHostDirectory, model.BuildConfiguration);
        Resources = model.Resources.Select(r => new ResourceRuntime(r)).ToList();
        foreach (var runtime in Resources)
        {
            runtime.StateChanged += OnStateChanged;
        }
    }

    public IReadOnlyList<ResourceRuntime> Resources { get; }

    /// <summary>Raised once the dashboard answers its health check (the login URL is usable).</summary>
    public event Action? DashboardReady;

    public ResourceRuntime? Find(string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Resource.Name, name, StringComparison.OrdinalIgnoreCase));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _startup = Task.Run(() => StartAllAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        LogStopping(_logger);

        // Dependents first: reverse model order, but every resource gets its SIGTERM at about the same time.
        await Task.WhenAll(Resources.AsEnumerable().Reverse().Select(StopResourceAsync)).ConfigureAwait(false);
        try
        {
            await _startup.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stop then start again, keeping ports and references (Aspire's resource-restart).</summary>
    public async Task RestartAsync(ResourceRuntime runtime)
    {
        if (runtime.State is ResourceState.Disabled || _stopping.IsCancellationRequested)
        {
            return;
        }

        await StopResourceAsync(runtime).ConfigureAwait(false);
        runtime.Restarts++;
        await StartResourceAsync(runtime, _stopping.Token).ConfigureAwait(false);
    }

    /// <summary>Stops one resource on request (Aspire's resource-stop); it stays Exited until restarted.</summary>
    public Task StopAsync(ResourceRuntime runtime) => StopResourceAsync(runtime);

    public void Dispose()
    {
        _stopping.Dispose();
        _http.Dispose();
        _docker.Dispose();
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        // Stale service projects build in one MSBuild run while the resources that need no build (Redis) start.
        var stale = _build.Stale(Resources.Select(r => r.Resource).OfType<ProjectResource>().Where(p => p.DisabledReason is null));
        if (stale.Count > 0)
        {
            _serviceBuild = BuildServicesAsync(stale, cancellationToken);
        }

        // Like Aspire, nothing waits for the dashboard: exporters retry until its OTLP port answers,
        // and the services' start-up overlaps the dashboard's.
        var dashboard = Find(_model.Dashboard.Name)!;
        var announceDashboard = Task.Run(async () =>
        {
            await StartResourceAsync(dashboard, cancellationToken).ConfigureAwait(false);
            await WaitUntilRunningAsync(dashboard, cancellationToken).ConfigureAwait(false);
            if (dashboard.State is ResourceState.Running)
            {
                DashboardReady?.Invoke();
            }

            ReleaseStateLog();
        }, cancellationToken);

        var rest = Resources.Where(r => r != dashboard).Select(runtime => Task.Run(async () =>
        {
            foreach (var dependency in runtime.Resource.WaitsFor.Select(d => Find(d.Name)!))
            {
                await WaitUntilRunningAsync(dependency, cancellationToken).ConfigureAwait(false);
                if (dependency.State is not ResourceState.Running)
                {
                    runtime.SetState(ResourceState.FailedToStart, $"waited for {dependency.Resource.Name}, which is {dependency.State}");
                    return;
                }
            }

            await StartResourceAsync(runtime, cancellationToken).ConfigureAwait(false);
        }, cancellationToken));
        await Task.WhenAll(rest.Append(announceDashboard)).ConfigureAwait(false);
    }

    private async Task<string?> BuildServicesAsync(IReadOnlyList<ProjectResource> projects, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        LogBuilding(_logger, string.Join(", ", projects.Select(p => p.ProjectName)));
        var errors = await _build.BuildAsync(projects, cancellationToken).ConfigureAwait(false);
        if (errors is null)
        {
            LogBuilt(_logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        else
        {
            LogBuildFailed(_logger, errors);
        }

        return errors;
    }

    /// <summary>Returns as soon as the resource is Running or can no longer get there (state changes wake it).</summary>
    private static async Task WaitUntilRunningAsync(ResourceRuntime runtime, CancellationToken cancellationToken)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ResourceRuntime _, string __) => changed.TrySetResult();
        runtime.StateChanged += OnChanged;
        try
        {
            while (runtime.State is not ResourceState.Running && !ResourceState.IsTerminal(runtime.State))
            {
                await changed.Task.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            runtime.StateChanged -= OnChanged;
        }
    }

    private async Task StartResourceAsync(ResourceRuntime runtime, CancellationToken cancellationToken)
    {
        var resource = runtime.Resource;
        if (resource.DisabledReason is { } reason)
        {
            runtime.SetState(ResourceState.Disabled, reason);
            return;
        }

        if (resource is ProjectResource && !_serviceBuild.IsCompleted)
        {
            runtime.SetState(ResourceState.Waiting, "building");
        }

        if (resource is ProjectResource && await _serviceBuild.ConfigureAwait(false) is { } buildErrors)
        {
            runtime.SetState(ResourceState.FailedToStart, $"build failed: {buildErrors.Split('\n')[0]}");
            return;
        }

        var environment = resource.ResolveEnvironment();
        if (resource.ExportsTelemetry)
        {
            TelemetryEnvironment.AddTo(environment, resource, _model.Dashboard, _development);
        }

        if (resource is ProjectResource)
        {
            environment.TryAdd("ASPNETCORE_ENVIRONMENT", _development ? "Development" : "Production");
            environment.TryAdd("DOTNET_ENVIRONMENT", _development ? "Development" : "Production");
            environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
        }

        runtime.StartedEnvironment = environment;
        runtime.StopRequested = false;
        runtime.HealthStatus = "Unknown";
        runtime.SetState(ResourceState.Starting);
        try
        {
            runtime.Running = await _launcher.StartAsync(runtime, environment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            runtime.StoppedAt = DateTimeOffset.UtcNow;
            runtime.SetState(ResourceState.FailedToStart, ex.Message);
            return;
        }

        runtime.StartedAt = DateTimeOffset.UtcNow;
        runtime.StoppedAt = null;
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        runtime.InstanceLifetime = lifetime;
        var running = runtime.Running;
        _ = WatchExitAsync(runtime, running, lifetime);
        _ = WatchHealthAsync(runtime, lifetime.Token);
        await Task.Yield();
    }

    private static async Task WatchExitAsync(ResourceRuntime runtime, IRunningResource running, CancellationTokenSource lifetime)
    {
        var exitCode = await running.Exited.ConfigureAwait(false);
        await lifetime.CancelAsync().ConfigureAwait(false);
        if (runtime.Running != running)
        {
            return; // A restart already started a new instance.
        }

        runtime.StoppedAt = DateTimeOffset.UtcNow;
        runtime.HealthStatus = "Unknown";
        runtime.SetState(ResourceState.Exited, runtime.StopRequested ? "stopped" : null, exitCode);
    }

    /// <summary>Aspire's cadence: every second while not healthy, less often once healthy.</summary>
    private async Task WatchHealthAsync(ResourceRuntime runtime, CancellationToken cancellationToken)
    {
        var wasHealthy = false;
        var untilFirstHealthy = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var healthy = await _health.IsHealthyAsync(runtime.Resource, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                runtime.HealthStatus = healthy ? "Healthy" : "Unhealthy";
                if (healthy)
                {
                    wasHealthy = true;
                    runtime.SetState(ResourceState.Running);
                }
                else if (wasHealthy)
                {
                    runtime.SetState(ResourceState.Unhealthy, $"{runtime.Resource.HealthCheckPath ?? "PING"} does not answer");
                }

                // Until it first answers: 50 ms, doubling up to 500 ms, so a quick start is seen quickly.
                var delay = healthy ? TimeSpan.FromSeconds(5) : wasHealthy ? TimeSpan.FromSeconds(2) : untilFirstHealthy;
                untilFirstHealthy = TimeSpan.FromMilliseconds(Math.Min(untilFirstHealthy.TotalMilliseconds * 2, 500));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopResourceAsync(ResourceRuntime runtime)
    {
        if (runtime.Running is not { } running || running.Exited.IsCompleted)
        {
            return;
        }

        runtime.StopRequested = true;
        runtime.SetState(ResourceState.Stopping);
        await running.StopAsync(StopGrace).ConfigureAwait(false);
        await Task.WhenAny(running.Exited, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    /// <summary>
    /// State lines are held back until the dashboard's login line is out, so the console reads like
    /// Aspire's: the URLs first, then the resources coming up.
    /// </summary>
    private void ReleaseStateLog()
    {
        List<Action> held;
        lock (_stateLogLock)
        {
            held = _heldStateLog ?? [];
            _heldStateLog = null;
        }

        foreach (var log in held)
        {
            log();
        }
    }

    private void OnStateChanged(ResourceRuntime runtime, string _)
    {
        var snapshot = (runtime.State, runtime.StateDescription, runtime.ExitCode, runtime.StopRequested);
        lock (_stateLogLock)
        {
            if (_heldStateLog is not null)
            {
                _heldStateLog.Add(() => LogStateChange(runtime.Resource, snapshot.State, snapshot.StateDescription, snapshot.ExitCode, snapshot.StopRequested));
                return;
            }
        }

        LogStateChange(runtime.Resource, snapshot.State, snapshot.StateDescription, snapshot.ExitCode, snapshot.StopRequested);
    }

    private void LogStateChange(Resource resource, string state, string? description, int? exitCode, bool stopRequested)
    {
        var name = resource.Name;
        switch (state)
        {
            case ResourceState.Running:
                LogRunning(_logger, name, string.Join(", ", resource.Endpoints.Where(e => e.Name is "http" or "tcp").Select(e => e.Url)));
                break;
            case ResourceState.Exited when stopRequested:
                LogStopped(_logger, name);
                break;
            case ResourceState.Exited:
                LogExited(_logger, name, exitCode ?? -1);
                break;
            case ResourceState.FailedToStart:
                LogFailedToStart(_logger, name, description ?? "");
                break;
            case ResourceState.Unhealthy:
                LogUnhealthy(_logger, name, description ?? "");
                break;
            case ResourceState.Disabled:
                LogDisabled(_logger, name, description ?? "");
                break;
            default:
                LogState(_logger, name, state);
                break;
        }
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "{Resource}: Running {Urls}")]
    private static partial void LogRunning(ILogger logger, string resource, string urls);

    [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "{Resource}: {State}")]
    private static partial void LogState(ILogger logger, string resource, string state);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "{Resource}: Exited (stopped)")]
    private static partial void LogStopped(ILogger logger, string resource);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "{Resource}: Exited with code {ExitCode}; see its console logs in the dashboard")]
    private static partial void LogExited(ILogger logger, string resource, int exitCode);

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "{Resource}: FailedToStart: {Reason}")]
    private static partial void LogFailedToStart(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "{Resource}: Unhealthy: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "{Resource}: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Building {Projects} (one MSBuild run; Redis starts meanwhile)")]
    private static partial void LogBuilding(ILogger logger, string projects);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Build succeeded in {Seconds:0.0} s")]
    private static partial void LogBuilt(ILogger logger, double seconds);

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "Build failed:\n{Errors}")]
    private static partial void LogBuildFailed(ILogger logger, string errors);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Stopping all resources.")]
    private static partial void LogStopping(ILogger logger);
}
