using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Protocol;
using OpenClaw.Gateway.Tools;

try
{
    var gatewayArgs = GatewayArgs.Parse(args);
    var builder = WebApplication.CreateBuilder([.. gatewayArgs.HostArgs]);

    builder.AddServiceDefaults();
    builder.AddGatewayRedis();
    builder.AddGatewayCore(gatewayArgs);
    builder.AddGatewaySandbox();
    builder.AddGatewayTools();
    builder.AddGatewayChannels();
    builder.AddGatewayCron();
    builder.AddGatewayWebhooks();
    builder.AddGatewayProtocol();

    var app = builder.Build();

    app.MapDefaultEndpoints();
    app.MapGatewayProtocol();
    app.MapGatewayCore();
    app.MapGatewayTools();
    app.MapGatewayWebhooks();

    await app.RunAsync();
    return 0;
}
catch (GatewayStartupException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return ex.ExitCode;
}

/// <summary>The gateway entry point; public so tests can reference the assembly's host.</summary>
public partial class Program;
