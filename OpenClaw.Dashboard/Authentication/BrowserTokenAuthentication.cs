using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;

namespace OpenClaw.Dashboard.Authentication;

/// <summary>
/// Aspire's browser-token login: <c>/login?t=TOKEN</c> (or the form on <c>/login</c>) sets an
/// HttpOnly cookie valid for 3 days; every other UI request needs it. The JSON API also accepts
/// <c>Authorization: Bearer TOKEN</c> for scripts and tests.
/// </summary>
public static class BrowserTokenAuthentication
{
    public const string CookieName = ".OpenClaw.Dashboard.Auth";

    public static IApplicationBuilder UseBrowserTokenAuthentication(this WebApplication app, DashboardEndpoints endpoints)
    {
        var options = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Frontend;
        var token = options.BrowserToken ?? "";
        var cookieValue = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("openclaw-dashboard:" + token)));

        return app.Use(async (context, next) =>
        {
            if (!endpoints.IsUi(context))
            {
                // The OTLP ports serve only OTLP (checked by API key there).
                await next(context).ConfigureAwait(false);
                return;
            }

            var path = context.Request.Path;
            if (path.StartsWithSegments("/health") || options.IsUnsecured)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (path.StartsWithSegments("/login"))
            {
                await LoginAsync(context, token, cookieValue).ConfigureAwait(false);
                return;
            }

            if (Equal(context.Request.Cookies[CookieName], cookieValue) || HasBearer(context, token))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/_blazor"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(path + context.Request.QueryString));
        });
    }

    private static async Task LoginAsync(HttpContext context, string token, string cookieValue)
    {
        var presented = context.Request.Query["t"].ToString();
        if (presented.Length > 0 && Equal(presented, token))
        {
            context.Response.Cookies.Append(CookieName, cookieValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Expires = DateTimeOffset.UtcNow.AddDays(3),
                IsEssential = true,
            });
            var returnUrl = context.Request.Query["returnUrl"].ToString();
            context.Response.Redirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
            return;
        }

        context.Response.StatusCode = presented.Length > 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        var error = presented.Length > 0 ? "<p class=\"error\">That token is not valid. Copy the login URL the AppHost printed.</p>" : "";
        var returnField = HtmlEncoder.Default.Encode(context.Request.Query["returnUrl"].ToString());
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Login · OpenClaw dashboard</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #11151c; color: #e6e9ef; display: grid; place-items: center; height: 100vh; margin: 0; }
              form { background: #1a1f29; padding: 2rem; border-radius: 12px; width: 26rem; box-shadow: 0 4px 24px #0006; }
              input { width: 100%; padding: .6rem; margin: .8rem 0; border-radius: 6px; border: 1px solid #3a4252; background: #11151c; color: inherit; box-sizing: border-box; }
              button { padding: .6rem 1.2rem; border: 0; border-radius: 6px; background: #7c5cff; color: white; cursor: pointer; }
              .error { color: #ff7b72; }
            </style></head>
            <body><form method="get" action="/login">
              <h2>OpenClaw dashboard</h2>
              <p>Paste the token from the login URL the AppHost printed ("Login to the dashboard at …").</p>
              {{error}}
              <input name="t" type="password" placeholder="Token" autofocus>
              <input name="returnUrl" type="hidden" value="{{returnField}}">
              <button type="submit">Log in</button>
            </form></body></html>
            """).ConfigureAwait(false);
    }

    private static bool HasBearer(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Equal(header["Bearer ".Length..].Trim(), token);
    }

    private static bool Equal(string? a, string b) =>
        a is not null && b.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
