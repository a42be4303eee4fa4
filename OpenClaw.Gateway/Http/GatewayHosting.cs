using System.Net;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Http;

namespace Microsoft.Extensions.Hosting;

public static class GatewayHosting
{
    /// <summary>
    /// Binds Kestrel per spec §1.1/§1.2: port from <c>--port</c> → <c>OPENCLAW_GATEWAY_PORT</c> → <c>gateway.port</c> → 18789;
    /// <c>gateway.bind</c> loopback (default) / lan / custom; a non-loopback bind without auth refuses to start.
    /// </summary>
    public static WebApplicationBuilder AddGatewayHosting(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var services = kestrel.ApplicationServices;
            var args = services.GetRequiredService<GatewayArgs>();
            var env = services.GetRequiredService<GatewayEnv>();
            var gateway = services.GetRequiredService<IConfigStore>().Current.Config.Gateway;
            var port = ResolvePort(args, env, gateway);
            var bind = args.Bind ?? gateway.Bind ?? "loopback";
            if (bind is not ("loopback" or "auto") && services.GetRequiredService<GatewayAuth>().Mode == "none")
            {
                throw new GatewayStartupException($"refusing to bind gateway to {bind} without auth: set gateway.auth.mode=token with gateway.auth.token (or OPENCLAW_GATEWAY_TOKEN), or use gateway.bind=loopback");
            }

            switch (bind)
            {
                case "loopback" or "auto" or "tailnet":
                    kestrel.Listen(IPAddress.Loopback, port);
                    break;
                case "lan":
                    kestrel.Listen(IPAddress.Any, port);
                    break;
                case "custom":
                    var host = gateway.CustomBindHost ?? throw new GatewayStartupException("gateway.bind=custom needs gateway.customBindHost (an IP address)");
                    kestrel.Listen(IPAddress.TryParse(host, out var ip) ? ip : throw new GatewayStartupException($"gateway.customBindHost '{host}' is not an IP address"), port);
                    break;
                default:
                    throw new GatewayStartupException($"--bind '{bind}' is not valid: use loopback, lan, tailnet, auto or custom");
            }
        });
        return builder;
    }

    public static int ResolvePort(GatewayArgs args, GatewayEnv env, GatewayConfig gateway)
    {
        if (args.Port is { } fromArgs)
        {
            return fromArgs;
        }

        if (env.Get("OPENCLAW_GATEWAY_PORT") is { Length: > 0 } text)
        {
            return int.TryParse(text, out var p) && p is >= 0 and <= 65535 ? p : throw new GatewayStartupException($"OPENCLAW_GATEWAY_PORT '{text}' is not a TCP port");
        }

        return gateway.Port ?? GatewayConfig.DefaultPort;
    }
}
