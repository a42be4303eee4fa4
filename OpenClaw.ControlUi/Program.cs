using OpenClaw.ControlUi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddControlUi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapControlUi();

app.Run();
