namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>A tool policy in config that cannot be applied (for example an unknown profile name).</summary>
public sealed class ToolPolicyException(string message) : Exception(message);
