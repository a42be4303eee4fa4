using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Sandbox;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>
/// One rule decides whether the gateway's Redis features are on: a Redis client is registered. The connection
/// string registers one; a host assembled by hand may register its own. The sandbox client follows the same rule.
/// </summary>
public sealed class RedisRuleTests
{
    [Fact]
    public void Without_a_connection_string_no_client_is_registered_and_the_sandbox_client_stays_off()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();

        builder.AddGatewayRedis().AddGatewaySandbox();

        Assert.False(builder.Services.HasRedisClient());
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(ISandboxClient));
    }

    [Fact]
    public void A_connection_string_registers_the_client_and_turns_the_sandbox_client_on()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false" });

        builder.AddGatewayRedis().AddGatewaySandbox();

        Assert.True(builder.Services.HasRedisClient());
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(ISandboxClient));
    }

    [Fact]
    public void A_client_registered_by_hand_counts_and_is_not_replaced()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false" });
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => throw new InvalidOperationException("not used"));

        builder.AddGatewayRedis().AddGatewaySandbox();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IConnectionMultiplexer));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(ISandboxClient));
    }
}
