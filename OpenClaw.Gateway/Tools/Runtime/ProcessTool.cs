using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Gateway.Tools.Runtime;

/// <summary>
/// <c>process</c>: manages exec commands that went to the background — <c>list</c>, <c>poll</c> (new output and
/// status), <c>log</c> (lines by offset/limit), <c>write</c> (stdin, optional eof), <c>kill</c>, <c>clear</c> and
/// <c>remove</c>. Scoped to the calling agent.
/// </summary>
public sealed class ProcessTool(ProcessRegistry registry, TimeProvider clock) : IAgentTool
{
    private const int DefaultLogLines = 200;

    public string Name => "process";

    public string Description => "Manage background exec sessions: list, poll, log, write, kill, clear, remove.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "action": { "type": "string", "enum": ["list", "poll", "log", "write", "kill", "clear", "remove"], "description": "What to do" },
            "sessionId": { "type": "string", "description": "Session id from exec (all actions but list)" },
            "data": { "type": "string", "description": "Text to write to stdin (write)" },
            "eof": { "type": "boolean", "description": "Close stdin after writing (write)" },
            "offset": { "type": "number", "description": "First line for log (0-based; default: the last 200 lines)" },
            "limit": { "type": "number", "description": "Number of lines for log" },
            "timeout": { "type": "number", "description": "poll: wait up to this many milliseconds for the command to finish" }
          },
          "required": ["action"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var action = args.RequireString("action").Trim().ToLowerInvariant();
        if (action == "list")
        {
            return List(context);
        }

        var sessionId = args.RequireString("sessionId", "session_id", "id");
        var session = registry.Find(context.AgentId, sessionId);
        if (session is null)
        {
            return ToolResult.Error($"No session found for {sessionId}");
        }

        switch (action)
        {
            case "poll":
                if (args.GetInt("timeout") is { } waitMs && waitMs > 0 && session.ExitCode is null)
                {
                    // Wait (bounded) for the command to finish so the model does not have to poll in a tight loop.
                    await Task.WhenAny(session.Completion, Task.Delay(Math.Min(waitMs, 120_000), cancellationToken)).ConfigureAwait(false);
                }

                var fresh = session.Process.Output.ReadNew();
                var state = session.ExitCode is { } code
                    ? $"Process exited with code {code}."
                    : "Process still running.";
                return new ToolResult(fresh.Length > 0 ? $"{fresh.TrimEnd()}\n\n{state}" : $"(no new output)\n\n{state}")
                {
                    Details = ToolSchema.ToElement(new { status = session.Status, sessionId = session.Id, exitCode = session.ExitCode }),
                };

            case "log":
                return Log(session, args.GetInt("offset"), args.GetInt("limit"));

            case "write":
                if (session.ExitCode is not null)
                {
                    return ToolResult.Error($"No active session found for {sessionId}");
                }

                var data = args.GetString("data") ?? "";
                var eof = args.GetBool("eof");
                await session.Process.WriteInputAsync(data, eof, cancellationToken).ConfigureAwait(false);
                return new ToolResult($"Wrote {Encoding.UTF8.GetByteCount(data)} bytes to session {session.Id}{(eof ? " (stdin closed)" : "")}.");

            case "kill":
                if (session.ExitCode is not null)
                {
                    return ToolResult.Error($"No active session found for {sessionId}");
                }

                await session.KillAsync().ConfigureAwait(false);
                return new ToolResult($"Killed session {session.Id}.");

            case "clear":
                if (session.ExitCode is null)
                {
                    return ToolResult.Error($"Session {session.Id} is still running; kill or remove it instead.");
                }

                await registry.ForgetAsync(session).ConfigureAwait(false);
                return new ToolResult($"Cleared session {session.Id}.");

            case "remove":
                await registry.RemoveAsync(session).ConfigureAwait(false);
                return new ToolResult($"Removed session {session.Id}.");

            default:
                return ToolResult.Error($"process: unknown action '{action}'. Use list, poll, log, write, kill, clear or remove.");
        }
    }

    private ToolResult List(ToolContext context)
    {
        var sessions = registry.List(context.AgentId);
        if (sessions.Count == 0)
        {
            return new ToolResult("No running or recent background sessions.") { Details = ToolSchema.ToElement(new { sessions = Array.Empty<object>() }) };
        }

        var now = clock.GetUtcNow();
        var lines = sessions.Select(s =>
            $"{s.Id} {s.Status,-9} {FormatDuration((s.EndedAt ?? now) - s.StartedAt)} :: {s.Command}");
        return new ToolResult(string.Join('\n', lines))
        {
            Details = ToolSchema.ToElement(new
            {
                sessions = sessions.Select(s => new
                {
                    sessionId = s.Id,
                    status = s.Status,
                    pid = s.Process.Pid,
                    startedAt = s.StartedAt.ToUnixTimeMilliseconds(),
                    runtimeMs = (long)((s.EndedAt ?? now) - s.StartedAt).TotalMilliseconds,
                    cwd = s.Process.WorkingDirectory,
                    command = s.Command,
                    exitCode = s.ExitCode,
                    tail = s.Process.Output.Tail(400),
                }),
            }),
        };
    }

    private static ToolResult Log(ProcessSession session, int? offset, int? limit)
    {
        var lines = session.Process.Output.Snapshot().Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        var start = offset is { } o ? Math.Clamp(o, 0, lines.Length) : Math.Max(0, lines.Length - (limit ?? DefaultLogLines));
        var count = Math.Clamp(limit ?? DefaultLogLines, 0, lines.Length - start);
        var text = string.Join('\n', lines, start, count);
        return new ToolResult(text.Length > 0 ? text : "(no output yet)")
        {
            Details = ToolSchema.ToElement(new { status = session.Status, sessionId = session.Id, totalLines = lines.Length, offset = start, limit = count }),
        };
    }

    private static string FormatDuration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s");
}
