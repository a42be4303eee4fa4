using OpenClaw.ControlUi.Components;
using OpenClaw.ControlUi.Gateway;

namespace OpenClaw.ControlUi;

public static class ControlUiExtensions
{
    /// <summary>Razor components (interactive server), the gateway endpoint and the per-circuit gateway session.</summary>
    public static WebApplicationBuilder AddControlUi(this WebApplicationBuilder builder)
    {
        // Serve wwwroot and the framework's blazor.web.js from build output too, not only in Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSingleton(GatewayEndpoint.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<BrowserStorage>();
        builder.Services.AddScoped<GatewaySession>();
        return builder;
    }

    public static WebApplication MapControlUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
