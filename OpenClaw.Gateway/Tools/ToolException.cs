namespace OpenClaw.Gateway.Tools;

/// <summary>A tool call that cannot be carried out; the message goes to the model as the error result.</summary>
public class ToolException(string message) : Exception(message);

/// <summary>A path that resolves outside the agent workspace.</summary>
public sealed class WorkspaceEscapeException(string message) : ToolException(message);
