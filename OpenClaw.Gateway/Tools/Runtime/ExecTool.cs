using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Runtime;

/// <summary>
/// <c>exec</c>: runs a shell command in the workspace (or the sandbox). Waits up to <c>yieldMs</c>
/// (<c>tools.exec.backgroundMs</c>, 10 s) and then hands the still-running command over to <c>process</c>;
/// <c>background:true</c> yields at once. <c>timeout</c> (s) kills the whole process group.
/// </summary>
public sealed class ExecTool(ToolExecutionRouter router, ProcessRegistry registry, ToolConfigSource config) : IAgentTool
{
    internal const string FollowUp = "Use process (list/poll/log/write/kill/clear/remove) for follow-up.";

    public string Name => "exec";

    public string Description =>
        "Run a shell command in the workspace. Long commands continue in the background after yieldMs " +
        "(or at once with background=true); manage them with the process tool.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "Shell command to execute" },
            "workdir": { "type": "string", "description": "Working directory (defaults to the workspace)" },
            "env": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Extra environment variables" },
            "yieldMs": { "type": "number", "description": "Milliseconds to wait before backgrounding (default 10000)" },
            "background": { "type": "boolean", "description": "Run in the background immediately" },
            "timeout": { "type": "number", "description": "Timeout in seconds; the command and its children are killed when it expires" },
            "pty": { "type": "boolean", "description": "Run in a pseudo-terminal (not supported; ignored)" }
          },
          "required": ["command"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var command = args.RequireString("command", "cmd");
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ToolException("exec: 'command' must not be empty.");
        }

        var exec = config.Tools.Exec;
        var timeoutSeconds = args.GetNumber("timeout") is { } t && t > 0 ? t : exec.TimeoutSec;
        var yieldMs = args.GetBool("background") ? 0 : Math.Max(0, args.GetInt("yieldMs") ?? exec.BackgroundMs);

        var backend = router.For(context);
        var process = await backend.StartProcessAsync(
            context,
            new ToolProcessSpec(command, args.GetString("workdir", "cwd"), args.GetStringMap("env")) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) },
            cancellationToken).ConfigureAwait(false);

        var session = registry.Register(context, command, process, backend.Kind);
        session.ArmTimeout(TimeSpan.FromSeconds(timeoutSeconds));

        var yielded = Task.Delay(TimeSpan.FromMilliseconds(yieldMs), CancellationToken.None);
        Task finished;
        try
        {
            finished = await Task.WhenAny(session.Completion, yielded).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run was aborted: the command goes with it.
            await registry.RemoveAsync(session).ConfigureAwait(false);
            throw;
        }

        if (finished != session.Completion)
        {
            session.Backgrounded = true;
            return new ToolResult(
                $"Command still running (session {session.Id}, pid {process.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}). {FollowUp}")
            {
                Details = ToolSchema.ToElement(new
                {
                    status = "running",
                    sessionId = session.Id,
                    pid = process.Pid,
                    startedAt = session.StartedAt.ToUnixTimeMilliseconds(),
                    cwd = process.WorkingDirectory,
                    backend = backend.Kind,
                    tail = process.Output.Tail(2000),
                }),
            };
        }

        await registry.ForgetAsync(session).ConfigureAwait(false);
        return Completed(session, timeoutSeconds);
    }

    internal static ToolResult Completed(ProcessSession session, double timeoutSeconds)
    {
        var output = session.Process.Output.Snapshot();
        var exitCode = session.ExitCode ?? -1;
        var durationMs = (long)((session.EndedAt ?? session.StartedAt) - session.StartedAt).TotalMilliseconds;
        var details = ToolSchema.ToElement(new
        {
            status = session.Status,
            exitCode,
            durationMs,
            cwd = session.Process.WorkingDirectory,
            backend = session.Backend,
        });

        if (session.TimedOut)
        {
            var text = $"Command timed out after {timeoutSeconds:0.###} seconds. The command and every process it started were killed.";
            return new ToolResult(output.Length > 0 ? $"{output.TrimEnd()}\n\n{text}" : text, IsError: true) { Details = details };
        }

        if (exitCode is 126 or 127)
        {
            var reason = exitCode == 127 ? "Command not found" : "Command not executable (permission denied)";
            return new ToolResult(output.Length > 0 ? $"{output.TrimEnd()}\n\n{reason}" : reason, IsError: true) { Details = details };
        }

        var body = output.Length > 0 ? output : "(no output)";
        return new ToolResult(exitCode == 0 ? body : $"{body.TrimEnd()}\n\n(Command exited with code {exitCode})") { Details = details };
    }
}
