using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenClaw.AppHost.Orchestration;
using OpenClaw.AppHost.ResourceService;

namespace OpenClaw.AppHost.Hosting;

/// <summary>
/// The running AppHost: the orchestrator plus the resource service the dashboard reads. Prints
/// Aspire's lines: "Distributed application starting.", "Login to the dashboard at ...",
/// "Distributed application started. Press Ctrl+C to shut down.".
/// </summary>
public sealed partial class DistributedApplication(DistributedApplicationBuilder model)
{
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => DistributedApplicationBuilder.CreateBuilder(args);

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var resourceServicePort = FreePort.Next();
        model.Dashboard.ResourceServiceUrl = $"http://127.0.0.1:{resourceServicePort}";

        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = model.Args,
            EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Development,
            ContentRootPath = model.AppHostDirectory,
        });
        // The AppHost's own ASPNETCORE_URLS names the dashboard, as in Aspire; the resource service gets its own port.
        web.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, resourceServicePort));
        web.Logging.AddFilter("Microsoft", LogLevel.Warning);
        web.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        web.Services.AddSingleton(model);
        web.Services.AddSingleton<Orchestrator>();
        web.Services.AddHostedService(services => services.GetRequiredService<Orchestrator>());
        web.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = web.Build();
        app.MapResourceService(model.Dashboard.ResourceServiceApiKey);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenClaw.AppHost.DistributedApplication");
        LogStarting(logger);
        LogDirectory(logger, model.AppHostDirectory);
        LogConfig(logger, model.UserConfig);

        var orchestrator = app.Services.GetRequiredService<Orchestrator>();
        orchestrator.DashboardReady += () =>
        {
            LogListening(logger, model.Dashboard.UiUrl);
            LogLogin(logger, model.Dashboard.LoginUrl);
            foreach (var (label, url) in model.AnnouncedUrls)
            {
                LogAnnouncedUrl(logger, label, url);
            }

            LogStarted(logger);
        };

        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void LogConfig(ILogger logger, OpenClawUserConfig config)
    {
        if (config.Problem is { } problem)
        {
            LogConfigProblem(logger, problem);
        }
        else if (config.EnabledChannels.Count == 0)
        {
            LogNoChannels(logger, config.Path);
        }
        else
        {
            LogChannels(logger, string.Join(", ", config.EnabledChannels), config.Path);
        }
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Distributed application starting.")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Application host directory is: {Directory}")]
    private static partial void LogDirectory(ILogger logger, string directory);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Channel workers: {Channels} (enabled in {Path})")]
    private static partial void LogChannels(ILogger logger, string channels, string path);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "No channels enabled in {Path}: add one under channels.<name> to start its worker.")]
    private static partial void LogNoChannels(ILogger logger, string path);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Now listening on: {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Login to the dashboard at {LoginUrl}")]
    private static partial void LogLogin(ILogger logger, string loginUrl);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "{Label}: {Url}")]
    private static partial void LogAnnouncedUrl(ILogger logger, string label, string url);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "Distributed application started. Press Ctrl+C to shut down.")]
    private static partial void LogStarted(ILogger logger);
}
