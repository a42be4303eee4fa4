using OpenClaw.Gateway.Protocol;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddGatewayProtocol();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGatewayProtocol();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
