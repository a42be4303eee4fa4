using OpenClaw.Dashboard;
using OpenClaw.Dashboard.Api;
using OpenClaw.Dashboard.Authentication;
using OpenClaw.Dashboard.Components;
using OpenClaw.Dashboard.Otlp;
using OpenClaw.Dashboard.Resources;

var builder = WebApplication.CreateBuilder(args);

var endpoints = DashboardEndpoints.From(builder.Configuration);
builder.WebHost.ConfigureKestrel(endpoints.Configure);
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
builder.Services.AddOtlpReceiver();
builder.Services.AddHttpClient<ResourceServiceClient>();
builder.Services.AddHealthChecks();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

app.UseBrowserTokenAuthentication(endpoints);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health");
app.MapOtlpReceiver(endpoints);
app.MapDashboardApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
