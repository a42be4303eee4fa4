using OpenClaw.AppHost.Hosting;
using OpenClaw.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");

var gatewayToken = builder.GatewayToken();
var gateway = builder.AddProject("gateway", "../OpenClaw.Gateway")
    .WithReference(redis)
    .WaitFor(redis)
    .WithGatewayPort()
    .AllowUnconfiguredWhenNotSetUp()
    .WithEnvironment("OPENCLAW_GATEWAY_TOKEN", gatewayToken)
    .WithHttpHealthCheck("/health");

builder.AddProject("sandbox-manager", "../OpenClaw.SandboxManager")
    .WithReference(redis)
    .WaitFor(redis)
    .WithHttpHealthCheck("/health")
    .RequiresDocker();

// Channel workers talk only to Redis (inbound messages wait in their stream until the gateway reads them),
// so they start alongside the gateway rather than after it.
foreach (var channel in builder.UserConfig.EnabledChannels)
{
    builder.AddProject($"channel-{channel}", "../OpenClaw.ChannelWorkers")
        .WithArgs("--channel", channel)
        .WithReference(redis)
        .WaitFor(redis)
        .WithHttpHealthCheck("/health");
}

builder.AddProject("control-ui", "../OpenClaw.ControlUi")
    .WithReference(gateway)
    .WaitFor(gateway)
    .WithHttpHealthCheck("/health")
    .WithAnnouncedUrl("Control UI", url => $"{url}/#token={gatewayToken}");

if (builder.IsPublishing())
{
    return builder.Publish();
}

builder.Build().Run();
return 0;
