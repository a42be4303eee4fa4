using OpenClaw.ChannelWorkers.Discord;
using OpenClaw.ChannelWorkers.Hosting;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.ChannelWorkers.Slack;
using OpenClaw.ChannelWorkers.Telegram;

// One process per channel: `OpenClaw.ChannelWorkers --channel telegram`.
var builder = WebApplication.CreateBuilder(args);

builder.AddOpenClawConfigFile();
builder.AddServiceDefaults();
builder.AddRedisClient("redis");

builder.AddChannelPipeline();
builder.AddTelegramChannel();
builder.AddDiscordChannel();
builder.AddSlackChannel();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
