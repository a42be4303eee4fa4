using OpenClaw.Gateway.Config;

try
{
    var gatewayArgs = GatewayArgs.Parse(args);
    var builder = WebApplication.CreateBuilder([.. gatewayArgs.HostArgs]);

    builder.AddServiceDefaults();
    builder.AddRedisClient("redis");
    builder.AddGatewayCore(gatewayArgs);
    builder.AddGatewayChannels();

    var app = builder.Build();

    app.MapDefaultEndpoints();
    app.MapGatewayCore();

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
