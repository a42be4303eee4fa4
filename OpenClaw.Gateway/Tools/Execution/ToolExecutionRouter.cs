namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// The one place that decides where exec and file tools run: a sandboxed session goes to the sandbox backend,
/// every other session to the host. With no sandbox backend registered a sandboxed call is refused rather than
/// silently run on the host.
/// </summary>
public sealed class ToolExecutionRouter(HostExecutionBackend host, ISandboxExecutionBackend? sandbox = null)
{
    public IToolExecutionBackend For(ToolContext context)
    {
        if (!context.Sandboxed)
        {
            return host;
        }

        return sandbox ?? throw new ToolException(
            "This session is sandboxed but no sandbox runtime is available on this gateway. " +
            "Start the SandboxManager (Docker) or set agents.defaults.sandbox.mode to \"off\".");
    }
}

/// <summary>Marker for the backend that runs tools in the session's sandbox container.</summary>
public interface ISandboxExecutionBackend : IToolExecutionBackend;
