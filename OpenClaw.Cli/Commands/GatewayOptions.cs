using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using OpenClaw.Contracts.Protocol;
using OpenClaw.GatewayClient;

namespace OpenClaw.Cli.Commands;

/// <summary>The connection flags every gateway command shares: <c>--url --token --password --timeout --json</c>.</summary>
internal sealed class GatewayOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "Gateway WebSocket URL (defaults to gateway.remote.url when configured)" };

    public Option<string?> Token { get; } = new("--token") { Description = "Gateway token (if required)" };

    public Option<string?> Password { get; } = new("--password") { Description = "Gateway password (password auth)" };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Timeout in ms", DefaultValueFactory = _ => 10_000 };

    public Option<bool> Json { get; } = new("--json") { Description = "Output JSON" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Password);
        command.Options.Add(Timeout);
        command.Options.Add(Json);
    }

    /// <summary>
    /// Connects, calls one method and renders the payload; failures print one line (or a JSON error
    /// with --json) and return exit code 1. <paramref name="methodNamedByUser"/> (<c>gateway call</c>) keeps the
    /// gateway's own "unknown method" text, as upstream's CLI prints it: the user typed that name, the CLI did not.
    /// </summary>
    public async Task<int> CallAsync(ParseResult parse, string method, JsonElement? parameters, bool expectFinal,
        Action<JsonElement> render, CancellationToken cancellationToken, bool methodNamedByUser = false)
    {
        var json = parse.GetValue(Json);
        GatewayTarget? target = null;
        try
        {
            target = GatewayTarget.Resolve(parse.GetValue(Url), parse.GetValue(Token), parse.GetValue(Password));
            var resolved = target;
            var payload = await Hosting.Spinner.RunAsync($"Calling {method}…", json,
                () => CallRawAsync(resolved, method, parameters, expectFinal, parse.GetValue(Timeout), cancellationToken));
            if (json)
            {
                CliOutput.WriteJson(payload);
            }
            else
            {
                render(payload);
            }

            return 0;
        }
        catch (GatewayException ex)
        {
            return CliOutput.Fail(ex, json, target, methodNamedByUser);
        }
    }

    /// <summary>Resolves the target from the flags (for commands that make several calls).</summary>
    public GatewayTarget Target(ParseResult parse) => GatewayTarget.Resolve(parse.GetValue(Url), parse.GetValue(Token), parse.GetValue(Password));

    public static async Task<JsonElement> CallRawAsync(GatewayTarget target, string method, JsonElement? parameters, bool expectFinal,
        int timeoutMs, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, timeoutMs)));
        try
        {
            await using var connection = await ConnectAsync(target, method, timeout.Token);
            return await connection.RequestAsync(method, parameters ?? JsonSerializer.SerializeToElement(new { }), expectFinal, timeout.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GatewayTransportException($"gateway timeout after {timeoutMs}ms calling {method} at {target.Url}", reason: null, inner: ex);
        }
        catch (GatewayTransportException ex) when (ex.CloseCode is { } code)
        {
            // The CLI's wording since its first release; scripts and tests match on it.
            var text = code == 1006 && ex.Reason == "connection lost" ? "connection lost" : $"{code}: {ex.Reason}";
            throw new GatewayTransportException($"gateway closed ({text})", code, ex.Reason, ex);
        }
    }

    /// <summary>
    /// A shared secret alone is full operator access (as upstream's CLI); without one the CLI signs in with
    /// its device identity. Only <c>--timeout</c> bounds the call, so the library's own timeouts are off.
    /// </summary>
    public static async Task<GatewayConnection> ConnectAsync(GatewayTarget target, string method, CancellationToken cancellationToken)
    {
        var options = new GatewayConnectOptions(target.Url, new ClientHello(GatewayRoles.Operator, CliScopes.For(method)))
        {
            Token = target.Token,
            Password = target.Password,
            Identity = FileDeviceIdentityStore.InStateDir(CliPaths.StateDir),
            DeviceWithSharedSecret = false,
            HandshakeTimeout = System.Threading.Timeout.InfiniteTimeSpan,
            RequestTimeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        try
        {
            return await GatewayConnection.ConnectAsync(options, cancellationToken);
        }
        catch (GatewayRequestException ex)
        {
            throw new GatewayRequestException(ex.Code, $"gateway connect failed: {ex.Message}", ex.Details, ex.Retryable);
        }
    }
}
