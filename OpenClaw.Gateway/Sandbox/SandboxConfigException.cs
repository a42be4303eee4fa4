namespace OpenClaw.Gateway.Sandbox;

/// <summary>A sandbox config value that cannot be used; the message starts with the key path.</summary>
public sealed class SandboxConfigException(string message) : Exception(message)
{
    /// <summary><c>agents:list:0:sandbox:docker:memory</c> → <c>agents.list[0].sandbox.docker.memory</c>.</summary>
    public static string KeyPath(string configurationPath)
    {
        var parts = configurationPath.Split(':');
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                builder.Append('[').Append(part).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(part);
            }
        }

        return builder.ToString();
    }
}
