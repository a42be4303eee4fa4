[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OpenClaw.AppHost.Tests;

/// <summary>One AppHost for the tests of the "AppHost" collection: a Telegram channel enabled, Discord disabled.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string Config = """
        {
          // JSON5, as users write it: comments and trailing commas.
          "gateway": { "mode": "local", },
          "channels": {
            "telegram": { "botToken": "123456:TEST", "apiRoot": "http://127.0.0.1:9", },
            "discord": { "enabled": false, "token": "x" },
          },
        }
        """;

    public AppHostProcess AppHost { get; private set; } = default!;

    public IReadOnlyList<ResourceDto> Resources { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        AppHost = await AppHostProcess.StartAsync(Config, CancellationToken.None);
        Resources = await AppHost.WaitForAllRunningAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await AppHost.DisposeAsync();
}

[CollectionDefinition("AppHost")]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>;
