using OpenClaw.GatewayClient;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// A CLI-side failure (bad flags, bad config) shown to the user as one line, never a stack trace; exit
/// code 1. It is a <see cref="GatewayException"/> so one catch covers it and the gateway client's errors.
/// </summary>
internal class CliException(string message, Exception? inner = null) : GatewayException(message, inner);
