namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// The one place that decides where exec and file tools run: a sandboxed session goes to the sandbox backend,
/// every other session to the host. With no sandbox backend registered a sandboxed call is refused rather than
/// silently run on the host.
/// </summary>
public sealed class ToolExecutionRouter(HostExecutionBackend host, ISandboxExecutionBackend sandbox)
{
    public IToolExecutionBackend For(ToolContext context) => context.Sandboxed ? sandbox : host;
}

/// <summary>Marker for the backend that runs tools in the session's sandbox container.</summary>
public interface ISandboxExecutionBackend : IToolExecutionBackend;
