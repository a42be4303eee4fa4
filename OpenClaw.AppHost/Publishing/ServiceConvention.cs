namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// What a deployment needs to know about an OpenClaw service that the run-mode app model does not
/// say: which services keep state, which talk to the Docker engine, which are reached from outside
/// (and on which host port, upstream's 18789 for the gateway), and extra container arguments.
/// </summary>
/// <param name="HostPortVariable">The .env key for the published host port; null keeps the service internal.</param>
public sealed record ServiceConvention(
    bool MountsState,
    bool MountsWorkspace,
    bool MountsDockerSocket,
    string? HostPortVariable,
    int DefaultHostPort,
    IReadOnlyList<string> ContainerArgs)
{
    public static readonly ServiceConvention Internal = new(false, false, false, null, 0, []);

    public bool External => HostPortVariable is not null;

    public static ServiceConvention ForProject(string projectName) => projectName switch
    {
        // The container must listen beyond loopback to be reachable through the Compose network;
        // the gateway refuses a non-loopback bind without a token, so an empty token fails loudly.
        "OpenClaw.Gateway" => new(true, true, false, "OPENCLAW_GATEWAY_PORT", 18789, ["--bind", "lan"]),
        "OpenClaw.ControlUi" => new(false, false, false, "OPENCLAW_CONTROL_UI_PORT", 18790, []),
        "OpenClaw.ChannelWorkers" => new(true, false, false, null, 0, []),
        "OpenClaw.SandboxManager" => new(true, true, true, null, 0, []),
        _ => Internal,
    };
}
