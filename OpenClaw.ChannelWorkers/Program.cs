using OpenClaw.ChannelWorkers.Hosting;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.ChannelWorkers.Telegram;

// One process per channel: `OpenClaw.ChannelWorkers --channel telegram`.
var builder = WebApplication.CreateBuilder(args);

builder.AddOpenClawConfigFile();
builder.AddServiceDefaults();
builder.AddRedisClient("redis");

builder.AddChannelPipeline();
builder.AddTelegramChannel();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
