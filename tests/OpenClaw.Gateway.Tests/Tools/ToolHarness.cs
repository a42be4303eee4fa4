using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>The real tool services over a temporary workspace and in-memory config.</summary>
internal sealed class ToolHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ToolHarness(Dictionary<string, string?>? config = null, Action<IServiceCollection>? configure = null)
    {
        Root = Directory.CreateTempSubdirectory("openclaw-tools-").FullName;
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Workspace);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config ?? []).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayTools(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    /// <summary>A temporary directory holding the workspace and, next to it, things outside it.</summary>
    public string Root { get; }

    public string Workspace { get; }

    public IServiceProvider Services => _services;

    public ToolRegistry Registry => _services.GetRequiredService<ToolRegistry>();

    public ToolContext Context(string sessionKey = "agent:main:main", string agentId = "main") => new()
    {
        AgentId = agentId,
        SessionKey = sessionKey,
        WorkspaceDir = Workspace,
    };

    public Task<ToolResult> InvokeAsync(string tool, object arguments, ToolContext? context = null)
    {
        var ctx = context ?? Context();
        var instance = Registry.GetEffectiveTools(ctx).FirstOrDefault(t => t.Name == tool)
            ?? throw new InvalidOperationException($"tool {tool} is not effective");
        return instance.InvokeAsync(JsonSerializer.SerializeToElement(arguments), ctx, TestContext.Current.CancellationToken);
    }

    public string PathIn(string relative) => Path.Combine(Workspace, relative);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
