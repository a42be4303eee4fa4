var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddSandboxDocker();
builder.AddSandboxRequests();
builder.AddSandboxPruning();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
