using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Config;
using OpenClaw.Cli.Gateway;
using OpenClaw.Cli.Onboarding;

namespace OpenClaw.Cli.Doctor;

/// <summary>The checks behind <c>openclaw doctor</c>: config, state dir permissions, Redis, Docker, sandbox image, providers.</summary>
internal static class DoctorChecks
{
    private const string DefaultSandboxImage = "openclaw-sandbox:bookworm-slim";

    public static DoctorCheck Config(out JsonObject? root)
    {
        root = null;
        var path = CliPaths.ConfigPath;
        if (!File.Exists(path))
        {
            return new("config", CheckStatus.Fail, $"{path} not found", "run: openclaw onboard");
        }

        try
        {
            root = new Json5Document(File.ReadAllText(path)).Root as JsonObject;
        }
        catch (Json5SyntaxException ex)
        {
            return new("config", CheckStatus.Fail, $"{path}: {ex.Message}", "fix the JSON5 syntax at that line");
        }

        var issues = ConfigValidation.Validate(root);
        return issues.Count == 0
            ? new("config", CheckStatus.Ok, $"{path} is valid")
            : new("config", CheckStatus.Fail, $"{issues.Count} problem(s), first: {issues[0].Path}: {issues[0].Message}", $"{issues[0].Fix}; list all with: openclaw config validate");
    }

    public static DoctorCheck GatewayAuth(JsonObject? root)
    {
        if (root?["gateway"]?["mode"]?.ToString() == "remote")
        {
            return new("gateway auth", CheckStatus.Ok, "remote mode (auth is the remote gateway's)");
        }

        var auth = root?["gateway"]?["auth"];
        var mode = auth?["mode"]?.ToString() ?? "token";
        var hasSecret = mode == "password" ? auth?["password"] is not null : auth?["token"] is not null || Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_TOKEN") is { Length: > 0 };
        return mode == "none"
            ? new("gateway auth", CheckStatus.Warn, "gateway.auth.mode is none: anyone who can reach the port controls the gateway", "openclaw doctor --generate-gateway-token")
            : hasSecret
                ? new("gateway auth", CheckStatus.Ok, $"{mode} auth configured")
                : new("gateway auth", CheckStatus.Fail, $"no gateway {mode} configured", "openclaw doctor --generate-gateway-token");
    }

    /// <summary>The state dir holds keys and tokens: only its owner may read it (700), the config 600.</summary>
    public static DoctorCheck StateDir(bool fix)
    {
        var dir = CliPaths.StateDir;
        if (!Directory.Exists(dir))
        {
            return new("state dir", CheckStatus.Fail, $"{dir} does not exist", "run: openclaw onboard");
        }

        if (OperatingSystem.IsWindows())
        {
            return new("state dir", CheckStatus.Ok, dir);
        }

        const UnixFileMode Open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var problems = new List<string>();
        if ((File.GetUnixFileMode(dir) & Open) != 0)
        {
            problems.Add($"{dir} is {Octal(File.GetUnixFileMode(dir))}");
            if (fix)
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var config = CliPaths.ConfigPath;
        if (File.Exists(config) && (File.GetUnixFileMode(config) & Open) != 0)
        {
            problems.Add($"{config} is {Octal(File.GetUnixFileMode(config))}");
            if (fix)
            {
                File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return problems.Count == 0 ? new("state dir", CheckStatus.Ok, $"{dir} (700)")
            : fix ? new("state dir", CheckStatus.Ok, $"fixed permissions: {string.Join(", ", problems)} → 700/600")
            : new("state dir", CheckStatus.Fail, $"readable by others: {string.Join(", ", problems)}", $"chmod 700 {dir} && chmod 600 {config} (or openclaw doctor --fix)");
    }

    /// <summary>Redis from <c>ConnectionStrings__redis</c> (as the services read it), default 127.0.0.1:6379; a PING must answer.</summary>
    public static async Task<DoctorCheck> RedisAsync(CancellationToken ct)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__redis");
        var endpoint = (configured ?? "127.0.0.1:6379").Split(',')[0].Trim();
        var (host, port) = endpoint.LastIndexOf(':') is var i and > 0 && int.TryParse(endpoint[(i + 1)..], out var p) ? (endpoint[..i], p) : (endpoint, 6379);
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(host, port, timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var answer = Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return answer.StartsWith("+PONG", StringComparison.Ordinal)
                ? new("redis", CheckStatus.Ok, $"{host}:{port} answers PING")
                : new("redis", CheckStatus.Fail, $"{host}:{port} answered '{answer}'", "check the password/TLS options in ConnectionStrings__redis");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return new("redis", CheckStatus.Fail, $"{host}:{port} not reachable{(configured is null ? " (ConnectionStrings__redis not set)" : "")}",
                "start redis-server (or the AppHost), or set ConnectionStrings__redis=host:port; channels and durable runs need it");
        }
    }

    public static async Task<(DoctorCheck Docker, DoctorCheck Image)> DockerAsync(JsonObject? root, CancellationToken ct)
    {
        var sandboxMode = root?["agents"]?["defaults"]?["sandbox"]?["mode"]?.ToString() ?? "off";
        var needed = sandboxMode != "off";
        var missing = needed ? CheckStatus.Fail : CheckStatus.Warn;
        var image = root?["agents"]?["defaults"]?["sandbox"]?["docker"]?["image"]?.ToString() ?? DefaultSandboxImage;
        var (code, output) = await RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], ct);
        if (code != 0)
        {
            var docker = new DoctorCheck("docker", missing, code == -1 ? "docker CLI not found" : "Docker engine not answering",
                $"install/start Docker{(needed ? $" (sandbox mode is {sandboxMode})" : " (only needed for sandboxing)")}");
            return (docker, new DoctorCheck("sandbox image", missing, $"{image}: cannot check without Docker", "start Docker first"));
        }

        var dockerOk = new DoctorCheck("docker", CheckStatus.Ok, $"engine {output.Trim()}");
        var (imageCode, _) = await RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", image], ct);
        return (dockerOk, imageCode == 0
            ? new DoctorCheck("sandbox image", CheckStatus.Ok, image)
            : new DoctorCheck("sandbox image", missing, $"{image} is not built", $"docker build -t {image} -f Dockerfile.sandbox . (in the OpenClaw.NET repo)"));
    }

    /// <summary>Custom providers must answer at their base URL; built-in ones need their key (env or .env).</summary>
    public static async Task<IReadOnlyList<DoctorCheck>> ProvidersAsync(JsonObject? root, CancellationToken ct)
    {
        var checks = new List<DoctorCheck>();
        var primary = root?["agents"]?["defaults"]?["model"] is JsonValue v ? v.ToString() : root?["agents"]?["defaults"]?["model"]?["primary"]?.ToString();
        var providers = root?["models"]?["providers"] as JsonObject ?? [];
        if (primary is null && providers.Count == 0)
        {
            return [new("model provider", CheckStatus.Fail, "no model configured (agents.defaults.model.primary)", "run: openclaw onboard (or openclaw config set agents.defaults.model.primary provider/model)")];
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        foreach (var (id, node) in providers)
        {
            if (node?["baseUrl"]?.ToString() is not { Length: > 0 } baseUrl)
            {
                continue;
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{baseUrl.TrimEnd('/')}/models"), ct);
                var status = (int)response.StatusCode;
                checks.Add(status is 401 or 403
                    ? new($"provider {id}", CheckStatus.Fail, $"{baseUrl} refused the request ({status})", $"check models.providers.{id}.apiKey")
                    : new($"provider {id}", CheckStatus.Ok, $"{baseUrl} answers ({status})"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                checks.Add(new($"provider {id}", CheckStatus.Fail, $"{baseUrl} not reachable ({ex.GetType().Name})", $"start the server or fix models.providers.{id}.baseUrl"));
            }
        }

        var provider = primary?.Split('/')[0];
        var keyVar = provider switch { "anthropic" => "ANTHROPIC_API_KEY", "openai" => "OPENAI_API_KEY", _ => null };
        if (keyVar is not null && !providers.ContainsKey(provider!))
        {
            var inDotEnv = File.Exists(Path.Combine(CliPaths.StateDir, ".env"))
                && File.ReadAllLines(Path.Combine(CliPaths.StateDir, ".env")).Any(l => l.TrimStart().StartsWith(keyVar + "=", StringComparison.Ordinal));
            checks.Add(Environment.GetEnvironmentVariable(keyVar) is { Length: > 0 } || inDotEnv
                ? new($"provider {provider}", CheckStatus.Ok, $"{keyVar} set for {primary}")
                : new($"provider {provider}", CheckStatus.Fail, $"{primary} needs {keyVar}", $"add {keyVar}=… to {Path.Combine(CliPaths.StateDir, ".env")} (or run openclaw onboard)"));
        }

        return checks;
    }

    public static void GenerateToken()
    {
        var file = ConfigFile.Load();
        file.Document.Set(["gateway", "auth", "mode"], JsonValue.Create("token"));
        file.Document.Set(["gateway", "auth", "token"], JsonValue.Create(OnboardCommand.NewToken()));
        file.Save();
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8);

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
        catch (OperationCanceledException)
        {
            return (-2, "");
        }
    }

    internal static string Json(IEnumerable<DoctorCheck> checks) => JsonSerializer.Serialize(checks);
}
