using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Benchmarks;

/// <summary>Tool policy: the effective tool list of a run (profile, allow/deny, sandbox), evaluated once per agent turn.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private ServiceProvider _provider = null!;
    private ToolRegistry _coding = null!;
    private ToolRegistry _restricted = null!;
    private readonly ToolContext _context = new() { AgentId = "main", SessionKey = "agent:main:main", WorkspaceDir = Path.GetTempPath() };

    [GlobalSetup]
    public void Setup()
    {
        _coding = Registry(new() { ["tools:profile"] = "coding" }, out _provider);
        _restricted = Registry(new() { ["tools:profile"] = "full", ["tools:deny:0"] = "group:runtime", ["tools:deny:1"] = "browser", ["tools:allow:0"] = "read", ["tools:allow:1"] = "web_*" }, out _);
    }

    private static ToolRegistry Registry(Dictionary<string, string?> config, out ServiceProvider provider)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayTools(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ToolRegistry>();
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Description = "effective tools, profile coding")]
    public int Coding() => _coding.GetEffectiveTools(_context).Count;

    [Benchmark(Description = "effective tools, allow + deny lists")]
    public int AllowDeny() => _restricted.GetEffectiveTools(_context).Count;
}
