namespace OpenClaw.Gateway.Runs;

/// <summary>A request to run one agent turn.</summary>
public sealed record AgentRunRequest
{
    /// <summary>The agent; null = the default agent (or the agent named in an <c>agent:&lt;id&gt;:</c> session key).</summary>
    public string? AgentId { get; init; }

    /// <summary>Session key (normalised: <c>main</c>/empty = the agent's main session; bare keys get <c>agent:&lt;id&gt;:</c>).</summary>
    public string? SessionKey { get; init; }

    public required string Message { get; init; }

    public IReadOnlyList<RunAttachment> Attachments { get; init; } = [];

    /// <summary>A repeated key returns the existing run instead of starting another (chat.send retries).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Run id chosen by the caller (so it can subscribe first); default = idempotency key or a new GUID.</summary>
    public string? RunId { get; init; }

    /// <summary>Where the message came from and where replies go (channel/account/to/thread); null for API/WebChat.</summary>
    public RunOrigin? Origin { get; init; }

    /// <summary>A <c>provider/model</c> to use for this run only (HTTP <c>x-openclaw-model</c>).</summary>
    public string? ModelOverride { get; init; }

    /// <summary>Text appended to the system prompt (group systemPrompt, extraSystemPrompt).</summary>
    public string? ExtraSystemPrompt { get; init; }

    /// <summary>Overrides <c>agents.defaults.timeoutSeconds</c>.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Who sent it (display name / id), rendered into the untrusted sender metadata block.</summary>
    public string? SenderName { get; init; }
}

public sealed record RunAttachment(string MimeType, byte[] Data, string? FileName = null);

/// <summary>The delivery route of a run (spec §4.5 lastChannel/lastTo/lastAccountId/lastThreadId).</summary>
public sealed record RunOrigin(string Channel, string? AccountId = null, string? To = null, string? ThreadId = null);

/// <summary>Returned immediately by <see cref="IAgentRunner.StartAsync"/>. <see cref="Status"/>: accepted | in_flight | ok (finished at once, e.g. /stop).</summary>
public sealed record RunAccepted(string RunId, string AgentId, string SessionKey, string SessionId, string Status, DateTimeOffset AcceptedAt);

/// <summary>How a run ended. <see cref="Status"/>: ok | error | aborted | timeout.</summary>
public sealed record RunResult(
    string RunId,
    string AgentId,
    string SessionKey,
    string SessionId,
    string Status,
    string? Text,
    RunUsage? Usage,
    string? StopReason,
    string? Error,
    string? ErrorKind,
    string? Provider,
    string? Model,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt);

/// <summary>Token usage summed over every model call of a run.</summary>
public sealed record RunUsage(long Input, long Output, long CacheRead, long CacheWrite)
{
    public long Total => Input + Output;

    public RunUsage Add(RunUsage other) => new(Input + other.Input, Output + other.Output, CacheRead + other.CacheRead, CacheWrite + other.CacheWrite);
}
