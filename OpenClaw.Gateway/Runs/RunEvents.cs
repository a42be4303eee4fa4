using System.Text.Json;

namespace OpenClaw.Gateway.Runs;

/// <summary>
/// Something that happened in a run; the WS <c>agent</c>/<c>chat</c> events and channel replies are built from
/// these. <see cref="Seq"/> increases by one per event within a run.
/// </summary>
public abstract record RunEvent
{
    public required string RunId { get; init; }

    public required string AgentId { get; init; }

    public required string SessionKey { get; init; }

    public required string SessionId { get; init; }

    public required long Seq { get; init; }

    /// <summary>Unix epoch milliseconds.</summary>
    public required long Ts { get; init; }

    /// <summary>The run's origin route (null for API/WebChat), so channels can pick their replies.</summary>
    public RunOrigin? Origin { get; init; }

    /// <summary>True for the events that end a run: <see cref="RunCompleted"/>, <see cref="RunFailed"/>, <see cref="RunAborted"/>.</summary>
    public bool IsTerminal => this is RunCompleted or RunFailed or RunAborted;
}

/// <summary>lifecycle <c>start</c>.</summary>
public sealed record RunStarted : RunEvent;

/// <summary>lifecycle <c>model</c>: the provider/model about to be called (again after a failover).</summary>
public sealed record RunModelSelected(string Provider, string Model, string? FailoverFrom = null, string? FailoverReason = null) : RunEvent;

/// <summary>assistant stream: <see cref="Delta"/> is new text, <see cref="Text"/> the whole assistant text so far in this message.</summary>
public sealed record AssistantDelta(string Delta, string Text) : RunEvent;

/// <summary>tool stream <c>start</c>.</summary>
public sealed record ToolCallStarted(string ToolCallId, string Name, JsonElement Arguments) : RunEvent;

/// <summary>tool stream <c>result</c>.</summary>
public sealed record ToolCallCompleted(string ToolCallId, string Name, string Result, bool IsError, JsonElement? Details) : RunEvent;

/// <summary>lifecycle <c>end</c> + chat <c>final</c>: the reply text (may be empty / NO_REPLY), usage and stop reason.</summary>
public sealed record RunCompleted(string Text, RunUsage Usage, string StopReason, string? Provider, string? Model) : RunEvent
{
    /// <summary>True when the reply is the silent token NO_REPLY and must not be delivered.</summary>
    public bool IsSilent => Text.Trim().Equals("NO_REPLY", StringComparison.OrdinalIgnoreCase);
}

/// <summary>lifecycle <c>error</c> + chat <c>error</c>. <see cref="ErrorKind"/>: refusal | timeout | rate_limit | context_length | unknown.</summary>
public sealed record RunFailed(string ErrorMessage, string ErrorKind, string? PartialText) : RunEvent;

/// <summary>chat <c>aborted</c>: stopped by /stop, chat.abort or the API; the partial text was persisted.</summary>
public sealed record RunAborted(string? PartialText, string Reason) : RunEvent;
